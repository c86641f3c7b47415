package io.reelhouse.movielens.seeds;

import static io.reelhouse.quality.Rules.unique;

import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.SeedModel;
import io.reelhouse.movielens.Layers;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** seeds/seed_movie_release_dates.csv: a release date per movie, maintained by hand. */
public final class SeedMovieReleaseDates implements SeedModel {
  private static final ModelInfo INFO =
      ModelInfo.builder("seed_movie_release_dates", Layers.SEEDS, Materialization.SEED)
          .description("One row per movie with a known release date (static reference data).")
          .column("movie_id", "MovieLens movie id")
          .column("release_date", "release date; empty in the file means not known")
          .rules(
              unique("movie_id").because("one release date per movie, or the mart doubles ratings"))
          .build();

  @Override
  public ModelInfo info() {
    return INFO;
  }

  @Override
  public StructType schema() {
    return new StructType()
        .add("movie_id", DataTypes.IntegerType)
        .add("release_date", DataTypes.DateType);
  }
}
