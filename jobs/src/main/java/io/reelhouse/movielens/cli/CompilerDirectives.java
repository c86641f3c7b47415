package io.reelhouse.movielens.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Adds the JIT compiler directives file the launcher names with {@code
 * -Dreelhouse.compiler-directives=FILE} (conf/compiler-directives.json): the optimizing compiler
 * (C2) leaves alone the code that plans and compiles Spark's queries, which runs a few times per
 * query, so that C2's threads do not take a laptop's cores from the run. Added at run time through
 * the JVM's diagnostic command ({@code jcmd Compiler.directives_add}) rather than with {@code
 * -XX:CompilerDirectivesFile}, which prints a line on standard output, where data goes.
 */
final class CompilerDirectives {
  static final String PROPERTY = "reelhouse.compiler-directives";

  private static final String ADDED = "compiler directives added";

  private CompilerDirectives() {}

  /**
   * Adds the file the property names, if any, in the background (the thread doing it, or null);
   * warns on {@code err} if the JVM refuses it. The run goes on either way: only its speed is at
   * stake.
   */
  static Thread addFromProperty(PrintStream err) {
    String file = System.getProperty(PROPERTY);
    if (file == null || file.isBlank()) {
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              String answer = add(file);
              if (!answer.contains(ADDED)) {
                err.println(
                    "warning: JIT compiler directives "
                        + file
                        + " ("
                        + PROPERTY
                        + ") not added: "
                        + answer.strip());
              }
            },
            "compiler-directives");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Adds a directives file to this JVM's compiler; the JVM's answer. */
  static String add(String file) {
    return diagnosticCommand("compilerDirectivesAdd", file);
  }

  /** Runs one of the JVM's diagnostic commands ({@code jcmd}'s, by its MBean name); its answer. */
  static String diagnosticCommand(String operation, String... args) {
    try {
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  operation,
                  new Object[] {args},
                  new String[] {String[].class.getName()});
      return String.valueOf(answer);
    } catch (JMException | RuntimeException e) {
      return "this JVM has no " + operation + " diagnostic command (" + e + ")";
    }
  }
}
