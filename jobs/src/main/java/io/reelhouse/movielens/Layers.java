package io.reelhouse.movielens;

/** The layers (folders) of the MovieLens models; each published layer is its own schema. */
public final class Layers {
  public static final String STAGING = "staging";
  public static final String SEEDS = "seeds";
  public static final String DIM = "dim";
  public static final String FCT = "fct";
  public static final String SNAPSHOTS = "snapshots";
  public static final String MART = "mart";

  private Layers() {}
}
