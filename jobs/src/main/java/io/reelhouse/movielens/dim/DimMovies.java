package io.reelhouse.movielens.dim;

import static io.reelhouse.quality.Rules.notNull;
import static io.reelhouse.quality.Rules.unique;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.reelhouse.model.DeclaredDatasetModel;
import io.reelhouse.model.Materialization;
import io.reelhouse.model.ModelContext;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.movielens.Layers;
import io.reelhouse.spark.SnowflakeFunctions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Movies with a clean title, genres as an array and the release year from the title. */
public final class DimMovies extends DeclaredDatasetModel {
  /** A title ending in a four-digit year in parentheses: "Heat (1995)". */
  private static final String TRAILING_YEAR = "\\((\\d{4})\\)$";

  public DimMovies() {
    super(
        ModelInfo.builder("dim_movies", Layers.DIM, Materialization.TABLE)
            .refs("src_movies")
            .description("One row per movie: title cleaned and title-cased, genres split.")
            .column("movie_id", "MovieLens movie id (unique)")
            .column("movie_title", "title trimmed and title-cased as Snowflake's INITCAP does")
            .column("genre_array", "genres split on |")
            .column("genres", "genres as in the source, |-separated")
            .column("release_year", "year from a trailing (YYYY) in the title; null without one")
            .rules(
                notNull("movie_id"),
                notNull("movie_title"),
                unique("movie_id")
                    .because("a repeated movie id would count its ratings twice in joins"))
            .build());
  }

  @Override
  public Dataset<Row> build(ModelContext ctx) {
    Column title = trim(col("title"));
    return ctx.ref("src_movies")
        .select(
            col("movie_id"),
            SnowflakeFunctions.initcap(title).as("movie_title"),
            split(col("genres"), "\\|").as("genre_array"),
            col("genres"),
            when(title.rlike(TRAILING_YEAR), regexp_extract(title, TRAILING_YEAR, 1).cast("int"))
                .as("release_year"));
  }
}
