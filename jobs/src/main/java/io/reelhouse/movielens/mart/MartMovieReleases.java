package io.reelhouse.movielens.mart;

import static io.reelhouse.quality.Rules.acceptedValues;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SqlModel;
import io.reelhouse.model.SqlRefs;
import io.reelhouse.movielens.Layers;

/**
 * Ratings flagged by whether the movie's release date is known; plain SQL in the warehouse.
 * Incremental: a run merges the rows built from the ratings fct_ratings changed since the mart's
 * last run (Delta's change feed of fct_ratings), or, where the feed cannot tell them, from the
 * ratings after the table's latest rating_timestamp minus the look-back; a change of the seed
 * changes its inputs, and the whole table is rebuilt.
 */
public final class MartMovieReleases implements SqlModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("mart_movie_releases", Layers.MART, Materialization.INCREMENTAL)
          .tags("nightly", "pii")
          .refs("fct_ratings", "seed_movie_release_dates")
          .incremental("rating_timestamp", "user_id", "movie_id")
          .changesOf("fct_ratings")
          .description("One row per rating, with whether the rated movie's release date is known.")
          .column("user_id", "MovieLens user id")
          .column("movie_id", "MovieLens movie id")
          .column("rating", "0.5 to 5.0 stars in halves")
          .column("rating_timestamp", "when the rating was given (UTC)")
          .column(
              "release_info_available",
              "'known' when seed_movie_release_dates has the movie's date, else 'unknown'")
          .rules(acceptedValues("release_info_available", "known", "unknown"))
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public String sql(SqlRefs refs) {
    return """
        SELECT r.user_id,
               r.movie_id,
               r.rating,
               r.rating_timestamp,
               CASE WHEN d.release_date IS NOT NULL THEN 'known' ELSE 'unknown' END
                 AS release_info_available
        FROM %s r
        LEFT JOIN %s d ON r.movie_id = d.movie_id
        """
        .formatted(refs.table("fct_ratings"), refs.table("seed_movie_release_dates"));
  }
}
