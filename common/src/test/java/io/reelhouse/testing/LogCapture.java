package io.reelhouse.testing;

import java.io.StringWriter;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Collects what Reelhouse logs through SLF4J (log4j2 underneath) while open, one line per event as
 * {@code LEVEL message}, so a test can assert on a diagnostic the way a user reads it on stderr.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ...
 *   assertThat(logs.text()).contains("Took over the lock");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
  private final StringWriter text = new StringWriter();
  private final LoggerContext context;
  private final WriterAppender appender;

  private LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + UUID.randomUUID())
            .setTarget(text)
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(config)
                    .withPattern("%c\t%p %m%n")
                    .build())
            .build();
    appender.start();
    config.getRootLogger().addAppender(appender, Level.WARN, null);
    context.updateLoggers();
  }

  /** Starts collecting warnings and errors from every logger. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** What was logged so far. */
  public String text() {
    return text("");
  }

  /** What loggers whose name starts with {@code prefix} (e.g. "io.reelhouse") logged so far. */
  public String text(String prefix) {
    StringBuilder out = new StringBuilder();
    boolean keep = false;
    for (String line : text.toString().split("\n", -1)) {
      int tab = line.indexOf('\t');
      if (tab >= 0 && !line.substring(0, tab).contains(" ")) {
        keep = line.startsWith(prefix);
        line = line.substring(tab + 1);
      }
      if (keep && !line.isEmpty()) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
