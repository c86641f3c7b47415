package io.reelhouse.movielens.cli;

import io.reelhouse.Workspace;
import io.reelhouse.config.Settings;
import io.reelhouse.model.Model;
import io.reelhouse.model.ModelInfo;
import io.reelhouse.model.Project;
import io.reelhouse.movielens.MovieLensProject;
import io.reelhouse.warehouse.SchemaNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Lists models with layer, materialization and table name; needs no Spark. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = "List models: name, layer, materialization, table, grain.")
final class LsCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @Mixin SelectionOptions selection;

  @Override
  public Integer call() {
    Settings s = settings.load();
    SchemaNaming naming = Workspace.naming(s);
    Project project = MovieLensProject.create();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MODEL", "LAYER", "MATERIALIZATION", "TABLE", "GRAIN"});
    for (String name : selection.resolve(project)) {
      Model m = project.require(name);
      ModelInfo info = m.info();
      String table =
          info.materialization().isPublished()
              ? naming.table(info.layer(), info.name()).qualified()
              : "-";
      rows.add(
          new String[] {
            name, info.layer(), info.materialization().label(), table, grain(info.description())
          });
    }
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      main.out.println(
          String.format(
              Locale.ROOT,
              "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3]
                  + "s  %s",
              (Object[]) r));
    }
    return Main.OK;
  }

  /** The first sentence of a description: its grain. */
  private static String grain(String description) {
    int stop = description.indexOf(": ");
    int dot = description.indexOf(". ");
    int end = description.length();
    if (stop > 0) {
      end = Math.min(end, stop);
    }
    if (dot > 0) {
      end = Math.min(end, dot);
    }
    String g = description.substring(0, end);
    return g.endsWith(".") ? g.substring(0, g.length() - 1) : g;
  }
}
