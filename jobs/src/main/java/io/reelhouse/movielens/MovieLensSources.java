package io.reelhouse.movielens;

import io.reelhouse.source.SourceSpec;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
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
        new SourceSpec(
            MOVIES,
            "movies.csv",
            new StructType()
                .add("movieId", DataTypes.IntegerType)
                .add("title", DataTypes.StringType)
                .add("genres", DataTypes.StringType),
            true),
        new SourceSpec(
                RATINGS,
                "ratings.csv",
                new StructType()
                    .add("userId", DataTypes.IntegerType)
                    .add("movieId", DataTypes.IntegerType)
                    .add("rating", DataTypes.DoubleType)
                    .add("timestamp", DataTypes.LongType),
                true,
                "timestamp")
            // MovieLens ratings are a log: new ratings are lines added at the end.
            .asAppendOnly(),
        new SourceSpec(
            TAGS,
            "tags.csv",
            new StructType()
                .add("userId", DataTypes.IntegerType)
                .add("movieId", DataTypes.IntegerType)
                .add("tag", DataTypes.StringType)
                .add("timestamp", DataTypes.LongType),
            true,
            "timestamp"),
        new SourceSpec(
            LINKS,
            "links.csv",
            new StructType()
                .add("movieId", DataTypes.IntegerType)
                .add("imdbId", DataTypes.IntegerType)
                .add("tmdbId", DataTypes.IntegerType),
            true),
        new SourceSpec(
            GENOME_TAGS,
            "genome-tags.csv",
            new StructType().add("tagId", DataTypes.IntegerType).add("tag", DataTypes.StringType),
            false),
        new SourceSpec(
            GENOME_SCORES,
            "genome-scores.csv",
            new StructType()
                .add("movieId", DataTypes.IntegerType)
                .add("tagId", DataTypes.IntegerType)
                .add("relevance", DataTypes.DoubleType),
            false));
  }
}
