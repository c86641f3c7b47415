package io.reelhouse.movielens.cli;

import io.reelhouse.run.ModelOutcome;
import io.reelhouse.run.RunListener;
import io.reelhouse.run.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells bin/reelhouse whether the class-data archive this JVM writes at its exit is worth keeping:
 * only if a model was built and published in it. A run that found every model up to date loads
 * neither Delta's writers nor Deequ, and its archive, without their classes, would leave every
 * later run loading those from the jars until the next build of the jars. The launcher names the
 * marker file with {@code -Dreelhouse.cds-marker=FILE} when it asks the JVM for an archive.
 */
final class ClassDataArchive {
  static final String MARKER_PROPERTY = "reelhouse.cds-marker";

  private static volatile boolean published;

  private ClassDataArchive() {}

  /** Notes each run's results: did it publish a model? */
  static RunListener listener() {
    return new RunListener() {
      @Override
      public void runFinished(RunReport report) {
        for (ModelOutcome r : report.results()) {
          if (r.status() == ModelOutcome.Status.SUCCESS && r.materialization().isPublished()) {
            published = true;
          }
        }
      }
    };
  }

  /** At the end of the JVM's command: writes the marker if the launcher asked and one was built. */
  static void markIfWorthKeeping(PrintStream err) {
    String marker = System.getProperty(MARKER_PROPERTY);
    if (marker == null || marker.isBlank() || !published) {
      return;
    }
    try {
      Files.writeString(Path.of(marker), "published\n");
    } catch (IOException e) {
      err.println("warning: cannot write " + marker + ": " + e.getMessage());
    }
  }
}
