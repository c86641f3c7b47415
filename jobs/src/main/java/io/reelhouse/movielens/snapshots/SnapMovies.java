package io.reelhouse.movielens.snapshots;

import static org.apache.spark.sql.functions.col;

import io.reelhouse.model.DeclaredSnapshotModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.scd.SnapshotSpec;
import io.reelhouse.scd.SnapshotSpec.HardDeletes;
import io.reelhouse.scd.SnapshotSpec.MetaColumns;
import io.reelhouse.scd.SnapshotSpec.Strategy;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** History of each movie's title and genres: check strategy, since movies.csv has no timestamp. */
public final class SnapMovies extends DeclaredSnapshotModel {
  public SnapMovies() {
    super(
        ModelInfo.builder("snap_movies", Layers.SNAPSHOTS, Materialization.SNAPSHOT)
            .tags("nightly")
            .refs("src_movies")
            .description(
                "One row per version of a movie: a new version when its title or genres change.")
            .column("movie_id", "MovieLens movie id")
            .column("title", "title in this version")
            .column("genres", "genres in this version")
            .column("dbt_scd_id", "md5 of movie_id|dbt_valid_from")
            .column("dbt_updated_at", "snapshot time the version was seen first")
            .column("dbt_valid_from", "when this version became current (a snapshot time)")
            .column("dbt_valid_to", "when it stopped being current; null while current")
            .build(),
        new SnapshotSpec(
            List.of("movie_id"),
            new Strategy.Check(List.of("title", "genres")),
            HardDeletes.INVALIDATE,
            MetaColumns.DBT));
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    return ctx.ref("src_movies").select(col("movie_id"), col("title"), col("genres"));
  }
}
