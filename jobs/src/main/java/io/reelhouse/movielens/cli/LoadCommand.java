package io.reelhouse.movielens.cli;

import io.reelhouse.config.Settings;
import io.reelhouse.source.Loader;
import io.reelhouse.spark.HadoopSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Uploads a local MovieLens folder to object storage; needs no Spark. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Upload the files of a local folder (a MovieLens download, or generate's output) to a folder"
          + " of object storage, e.g. s3a://bucket/movielens/. Files already there with the same"
          + " size and checksum are skipped.",
      "Credentials: s3a's default chain (instance profile, AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY); endpoint and region: the s3.* settings."
    })
final class LoadCommand implements Callable<Integer> {
  @Mixin SettingsOptions settings;

  @ParentCommand Main main;

  @Option(names = "--from", paramLabel = "DIR", required = true, description = "Local folder.")
  Path from;

  @Option(
      names = "--to",
      paramLabel = "URI",
      required = true,
      description = "Target folder, e.g. s3a://bucket/prefix/ (any Hadoop file system).")
  String to;

  @Override
  public Integer call() {
    Settings s = settings.load();
    Configuration conf = HadoopSettings.apply(new Configuration(), s);
    main.err.printf(Locale.ROOT, "Loading %s into %s%n", from.toAbsolutePath(), to);
    Loader.Result r = new Loader(conf, main.err::println).load(from, to);
    main.out.printf(
        Locale.ROOT,
        "Uploaded %d files (%,d bytes), skipped %d unchanged: %s%n",
        r.uploaded().size(),
        r.bytes(),
        r.skipped().size(),
        to);
    return Main.OK;
  }
}
