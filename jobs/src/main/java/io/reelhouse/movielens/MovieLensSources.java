package io.reelhouse.movielens;

import io.reelhouse.source.SourceSpec;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The six MovieLens CSV files with their columns in file order. The genome files are optional: the
 * popular ml-latest-small download has none.
 */
public final class MovieLensSources {
  public static final String MOVIES = "movies";
  public static final String RATINGS = "ratings";
  public static final String TAGS = "tags";
  public static final String LINKS = "links";
  public static final String GENOME_TAGS = "genome_tags";
  public static final String GENOME_SCORES = "genome_scores";

  private MovieLensSources() {}

  public static List<SourceSpec> all() {
    return List.of(
        required(MOVIES, "movies.csv", "movieId INT, title STRING, genres STRING"),
        // MovieLens ratings are a log: new ratings are lines added at the end.
        required(RATINGS, "ratings.csv", "userId INT, movieId INT, rating DOUBLE, timestamp BIGINT")
            .withEventTime("timestamp")
            .asAppendOnly(),
        required(TAGS, "tags.csv", "userId INT, movieId INT, tag STRING, timestamp BIGINT")
            .withEventTime("timestamp"),
        required(LINKS, "links.csv", "movieId INT, imdbId INT, tmdbId INT"),
        optional(GENOME_TAGS, "genome-tags.csv", "tagId INT, tag STRING"),
        optional(GENOME_SCORES, "genome-scores.csv", "movieId INT, tagId INT, relevance DOUBLE"));
  }

  /** A file every run needs; its columns in file order, as a DDL list. */
  private static SourceSpec required(String name, String file, String columns) {
    return new SourceSpec(name, file, StructType.fromDDL(columns), true);
  }

  /** A file a run can do without (it then reads as empty). */
  private static SourceSpec optional(String name, String file, String columns) {
    return new SourceSpec(name, file, StructType.fromDDL(columns), false);
  }
}
