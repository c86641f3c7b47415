package io.reelhouse.docs;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The docs site's Mustache templates (JMustache), read from this package's resources: {@code
 * {{name}}} is HTML-escaped by the engine, {@code {{{name}}}} inserts markup rendered by another
 * template. A name a template uses and its view lacks is an error, not an empty string.
 */
final class Templates {
  private static final Mustache.Compiler COMPILER =
      Mustache.compiler().nullValue("").withLoader(name -> new java.io.StringReader(text(name)));
  private static final Map<String, Template> COMPILED = new ConcurrentHashMap<>();

  private Templates() {}

  /** Renders {@code <name>.mustache} with the view. */
  static String render(String name, Object view) {
    return COMPILED.computeIfAbsent(name, n -> COMPILER.compile(text(n))).execute(view);
  }

  /** A resource of this package as text, e.g. {@code style.css}. */
  static String resource(String file) {
    try (InputStream in = Templates.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("docs resource missing from the jar: " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read docs resource " + file, e);
    }
  }

  private static String text(String name) {
    return resource(name + ".mustache");
  }

  /** A view: keys and values in pairs, in order; a null value renders as an empty string. */
  static Map<String, Object> view(Object... keysAndValues) {
    Map<String, Object> v = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      v.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return v;
  }
}
