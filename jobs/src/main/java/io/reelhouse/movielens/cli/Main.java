package io.reelhouse.movielens.cli;

import io.reelhouse.config.Names;
import io.reelhouse.config.SettingsException;
import io.reelhouse.model.Errors;
import io.reelhouse.model.UnknownModelException;
import io.reelhouse.source.MissingSourceException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reelhouse} command line: parses arguments and hands off. The same main class runs
 * locally (bin/reelhouse) and on clusters (spark-submit, Databricks).
 *
 * <p>Exit codes: 0 everything selected succeeded; 1 a model failed; 2 the command could not start
 * (bad usage, bad setting, missing input).
 */
@Command(
    name = "reelhouse",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Builds the MovieLens dimensional model with Spark and publishes it to a warehouse.",
    subcommands = {
      BuildCommand.class,
      RunCommand.class,
      SeedCommand.class,
      TestCommand.class,
      RetryCommand.class,
      SnapshotCommand.class,
      LsCommand.class,
      ShowCommand.class,
      LoadCommand.class,
      NotebookCommand.class,
      DocsCommand.class,
      SourceCommand.class,
      DebugCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      ShellCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int CANNOT_START = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where commands print: data and progress to {@code out}, messages to {@code err}. */
  final PrintStream out;

  final PrintStream err;

  /** Where a command reads lines from (reelhouse shell). */
  final InputStream in;

  Main(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    CompilerDirectives.addFromProperty(System.err);
    int code = execute(args, System.out, System.err);
    ClassDataArchive.markIfWorthKeeping(System.err);
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      // Databricks runs JAR tasks in a shared JVM: never System.exit; fail the task by throwing.
      if (code != OK) {
        throw new IllegalStateException(
            "reelhouse " + String.join(" ", args) + " exited with " + code);
      }
      return;
    }
    System.exit(code);
  }

  /** Runs one command; what it prints goes to {@code out} (data) and {@code err} (messages). */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, System.in, out, err);
  }

  /** Runs one command that may read lines from {@code in} (reelhouse shell). */
  public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(new Main(in, out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("error: " + usageMessage(e));
          if (debug) {
            e.printStackTrace(err);
          }
          return CANNOT_START;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          err.println("error: " + Errors.oneLine(e));
          if (debug) {
            e.printStackTrace(err);
          } else if (!isExpected(e)) {
            err.println("(run again with --debug for the stack trace)");
          }
          return cannotStart(e) ? CANNOT_START : FAILED;
        });
    return cli.execute(args);
  }

  /** The command line, unexecuted: for running it, or for checking arguments (schedules). */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return new CommandLine(new Main(System.in, out, err));
  }

  /** Errors of input or usage: one line, no stack trace. */
  private static boolean isExpected(Exception e) {
    return cannotStart(e) || e instanceof org.apache.spark.sql.AnalysisException;
  }

  /** The command could not start: bad setting, missing input, bad argument. */
  private static boolean cannotStart(Exception e) {
    return e instanceof SettingsException
        || e instanceof MissingSourceException
        || e instanceof io.reelhouse.source.StoreException
        || e instanceof io.reelhouse.warehouse.snowflake.SnowflakeException
        || e instanceof io.reelhouse.lock.LockedException
        || e instanceof io.reelhouse.source.BadSourceException
        || e instanceof UnknownModelException
        || e instanceof IllegalArgumentException;
  }

  private static String usageMessage(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      CommandLine cmd = u.getCommandLine();
      boolean topLevel = cmd.getParent() == null;
      if (topLevel && !arg.startsWith("-")) {
        List<String> near = Names.nearest(arg, cmd.getSubcommands().keySet());
        return "unknown command '"
            + arg
            + "'"
            + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
            + " (reelhouse --help lists the commands)";
      }
      return "unknown "
          + (arg.startsWith("-") ? "option" : "argument")
          + " '"
          + arg
          + "' for '"
          + cmd.getCommandName()
          + "' (reelhouse "
          + (topLevel ? "" : cmd.getCommandName() + " ")
          + "--help lists them)";
    }
    return e.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"reelhouse " + (v == null ? "dev" : v)};
    }
  }
}
