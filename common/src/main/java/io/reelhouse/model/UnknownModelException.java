package io.reelhouse.model;

import io.reelhouse.config.Names;
import java.util.Collection;
import java.util.List;

/** A model name that the project does not have; the message suggests the nearest names. */
public class UnknownModelException extends IllegalArgumentException {
  public UnknownModelException(String name, Collection<String> known) {
    super(message(name, known));
  }

  private static String message(String name, Collection<String> known) {
    List<String> near = Names.nearest(name, known);
    return "unknown model '"
        + name
        + "'"
        + (near.isEmpty()
            ? " (reelhouse ls lists them)"
            : "; did you mean " + String.join(", ", near) + "?");
  }
}
