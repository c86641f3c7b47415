package io.reelhouse.movielens;

import io.reelhouse.model.Model;
import io.reelhouse.model.Project;
import io.reelhouse.movielens.dim.DimGenomeTags;
import io.reelhouse.movielens.dim.DimMovies;
import io.reelhouse.movielens.dim.DimMoviesWithTags;
import io.reelhouse.movielens.dim.DimUsers;
import io.reelhouse.movielens.fct.FctGenomeScores;
import io.reelhouse.movielens.fct.FctRatings;
import io.reelhouse.movielens.mart.MartMovieReleases;
import io.reelhouse.movielens.seeds.SeedMovieReleaseDates;
import io.reelhouse.movielens.snapshots.SnapMovies;
import io.reelhouse.movielens.snapshots.SnapTags;
import io.reelhouse.movielens.staging.SrcGenomeScores;
import io.reelhouse.movielens.staging.SrcGenomeTags;
import io.reelhouse.movielens.staging.SrcLinks;
import io.reelhouse.movielens.staging.SrcMovies;
import io.reelhouse.movielens.staging.SrcRatings;
import io.reelhouse.movielens.staging.SrcTags;
import java.util.List;

/** Every MovieLens source and model, in the order {@code ls} lists them. */
public final class MovieLensProject {
  private MovieLensProject() {}

  public static Project create() {
    List<Model> models =
        List.of(
            new SrcMovies(),
            new SrcRatings(),
            new SrcTags(),
            new SrcLinks(),
            new SrcGenomeTags(),
            new SrcGenomeScores(),
            new SeedMovieReleaseDates(),
            new DimMovies(),
            new DimUsers(),
            new DimGenomeTags(),
            new FctGenomeScores(),
            new FctRatings(),
            new DimMoviesWithTags(),
            new MartMovieReleases(),
            new SnapTags(),
            new SnapMovies());
    return new Project("movielens", MovieLensSources.all(), models);
  }
}
