package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.artifacts.SourceFreshness;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Project;
import io.reelhouse.source.CsvReader;
import io.reelhouse.source.Freshness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Commands about the raw sources. */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    description = "Commands about the raw source files.",
    subcommands = {SourceCommand.FreshnessCommand.class})
final class SourceCommand extends CommandGroup {
  /** dbt source freshness: exit 1 if a source is past its error-after (or unreadable). */
  @Command(
      name = "freshness",
      mixinStandardHelpOptions = true,
      description = {
        "How old each source's newest event is, against its freshness.<source>.warn-after and"
            + " error-after settings. Writes target/sources.json.",
        "Exit codes: 0 all pass or warn; 1 a source is past error-after or cannot be read."
      })
  static final class FreshnessCommand extends ProjectCommand {
    private static final int LINE_WIDTH = 56;

    @ParentCommand SourceCommand parent;

    @Override
    int call(Settings s, Project project) {
      Instant now = Instant.now();
      List<Freshness.Result> results;
      io.reelhouse.storage.TargetDir target;
      try (Workspace ws = Workspace.open(s, project)) {
        results =
            new Freshness(ws.spark(), new CsvReader(ws.spark(), s.sourcePath()), s.freshness())
                .check(project.sources(), now);
        target = ws.target();
      }
      int i = 0;
      boolean failed = false;
      for (Freshness.Result r : results) {
        i++;
        String status = r.status() == Freshness.Status.RUNTIME_ERROR ? "ERROR" : r.status().name();
        failed |=
            r.status() == Freshness.Status.ERROR || r.status() == Freshness.Status.RUNTIME_ERROR;
        StringBuilder line =
            new StringBuilder(
                i
                    + " of "
                    + results.size()
                    + " "
                    + status
                    + " freshness of "
                    + r.source().name()
                    + " ");
        while (line.length() < LINE_WIDTH) {
          line.append('.');
        }
        line.append(' ').append(detail(r));
        parent.main.out.println(line);
      }
      new SourceFreshness(project)
          .write(
              target,
              UUID.randomUUID().toString(),
              now,
              results,
              Duration.between(now, Instant.now()).toMillis() / 1000.0);
      return failed ? Main.FAILED : Main.OK;
    }

    private static String detail(Freshness.Result r) {
      if (r.status() == Freshness.Status.RUNTIME_ERROR || r.newest() == null) {
        return r.message();
      }
      String criteria =
          r.criteria() == null
              ? "no freshness criteria"
              : "warn after "
                  + human(r.criteria().warnAfter())
                  + ", error after "
                  + human(r.criteria().errorAfter());
      return "newest "
          + r.newest()
          + " ("
          + r.basis()
          + "), "
          + human(r.age())
          + " old; "
          + criteria;
    }

    private static String human(Duration d) {
      if (d == null) {
        return "never";
      }
      if (d.toDays() >= 2) {
        return String.format(Locale.ROOT, "%,d days", d.toDays());
      }
      if (d.toHours() >= 2) {
        return d.toHours() + " hours";
      }
      return Math.max(0, d.toMinutes()) + " minutes";
    }
  }
}
