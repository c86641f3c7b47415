package io.reelhouse.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Typed reads of a resolved Typesafe {@link Config}, each failing with a {@link SettingsException}
 * that names the key, the file and line its value came from, the expected type and the value.
 *
 * <pre>{@code
 * var values = new ConfigValues(config);
 * int attempts = values.integer("s3.attempts");
 * if (attempts < 1) throw values.bad("s3.attempts", "a whole number of 1 or more");
 * }</pre>
 */
final class ConfigValues {
  private final Config c;

  ConfigValues(Config c) {
    this.c = c;
  }

  String string(String key) {
    return typed(key, "a string", Config::getString);
  }

  String nonBlank(String key) {
    String v = string(key);
    if (v.isBlank()) {
      throw bad(key, "a non-empty string");
    }
    return v;
  }

  boolean bool(String key) {
    return typed(key, "true or false", Config::getBoolean);
  }

  double number(String key) {
    return typed(key, "a number", Config::getDouble);
  }

  int integer(String key) {
    return typed(key, "a whole number", Config::getInt);
  }

  Duration duration(String key) {
    return typed(key, "a duration such as 3 days or 12h", Config::getDuration);
  }

  /** A duration, or null when the key is not set. */
  Duration optionalDuration(String key) {
    return c.hasPath(key) ? duration(key) : null;
  }

  /** The keys directly below {@code key}, in no particular order. */
  Set<String> childrenOf(String key) {
    return c.getConfig(key).root().keySet();
  }

  /** An object of single values, as strings, its keys without quotes. */
  Map<String, String> stringMap(String key) {
    Map<String, String> out = new TreeMap<>();
    Config sub;
    try {
      sub = c.getConfig(key);
    } catch (ConfigException.WrongType e) {
      throw wrongType(key, "an object of \"key\" = \"value\" pairs");
    }
    for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
      ConfigValueType type = e.getValue().valueType();
      if (type == ConfigValueType.LIST || type == ConfigValueType.OBJECT) {
        throw wrongType(key + "." + e.getKey(), "a single value");
      }
      out.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return Map.copyOf(out);
  }

  /** Which of the keys have a value from outside reference.conf (an env file, -D, ...). */
  Set<String> explicit(String... keys) {
    Set<String> set = new TreeSet<>();
    for (String k : keys) {
      String resource = c.getValue(k).origin().resource();
      if (resource == null || !resource.endsWith("reference.conf")) {
        set.add(k);
      }
    }
    return Collections.unmodifiableSet(set);
  }

  /** A value of the right type that is not allowed: names the key, where it is set, and it. */
  SettingsException bad(String key, String expected) {
    return rejected(key, expected, c.getValue(key).render());
  }

  /** Where the key's value is set: file (or resource) and line. */
  String whereSet(String key) {
    return where(c.getValue(key).origin());
  }

  /** A file (or resource, or description) and its line, for messages. */
  static String where(ConfigOrigin origin) {
    String file = origin.filename();
    String name =
        file != null ? file : origin.resource() != null ? origin.resource() : origin.description();
    return origin.lineNumber() > 0 ? name + " line " + origin.lineNumber() : name;
  }

  /** Reads one value, turning Typesafe's errors into ones that name key, file and type. */
  private <T> T typed(String key, String expected, BiFunction<Config, String, T> get) {
    try {
      return get.apply(c, key);
    } catch (ConfigException.Missing e) {
      throw new SettingsException("missing setting '" + key + "' (expected " + expected + ")");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw wrongType(key, expected);
    }
  }

  /** A value of the wrong type: as {@link #bad}, the value preceded by its type. */
  private SettingsException wrongType(String key, String expected) {
    ConfigValue v = c.getValue(key);
    return rejected(key, expected, v.valueType().name().toLowerCase() + " " + v.render());
  }

  private SettingsException rejected(String key, String expected, String got) {
    return new SettingsException(
        "setting '" + key + "' in " + whereSet(key) + ": expected " + expected + ", got " + got);
  }

  private static String stripQuotes(String path) {
    return path.startsWith("\"") && path.endsWith("\"")
        ? path.substring(1, path.length() - 1)
        : path;
  }
}
