package io.reelhouse.warehouse.snowflake;

import io.reelhouse.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The spark-snowflake connector's options for one account, secrets included. {@link #toString()}
 * and {@link #masked()} never show a secret; {@link #failure} turns any error into one line that
 * names the host and has every secret value cut out.
 */
public final class SnowflakeOptions {
  /** Options whose values are secrets. */
  static final Set<String> SECRET_KEYS = Set.of("pem_private_key", "sfpassword", "sftoken");

  private final String host;
  private final Map<String, String> options;
  private final Set<String> secrets;

  private SnowflakeOptions(String host, Map<String, String> options, Set<String> secrets) {
    this.host = host;
    this.options = Map.copyOf(options);
    this.secrets = secrets;
  }

  /** Options for the account in {@code sf}, authenticated with {@code credential}. */
  public static SnowflakeOptions of(Settings.Snowflake sf, Credentials.Credential credential) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sfurl", sf.url());
    o.put("sfuser", sf.user());
    if (!sf.role().isBlank()) {
      o.put("sfrole", sf.role());
    }
    if (!sf.warehouse().isBlank()) {
      o.put("sfwarehouse", sf.warehouse());
    }
    o.put("sfdatabase", sf.database());
    switch (credential.method()) {
      case "key-pair" -> o.put("pem_private_key", credential.secret());
      case "oauth" -> {
        o.put("sfauthenticator", "oauth");
        o.put("sftoken", credential.secret());
      }
      default -> o.put("sfpassword", credential.secret());
    }
    // Timestamps are written and read as TIMESTAMP_NTZ holding UTC, whatever the account's zone.
    o.put("sftimezone", "UTC");
    o.put("TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ");
    // Names as Snowflake stores unquoted identifiers (upper case), like dbt's models.
    o.put("keep_column_case", "off");
    // Overwrites load a staging table and swap it in: readers never see a half-written table.
    o.put("usestagingtable", "on");
    // No loginTimeout / networkTimeout here: the connector would pass them to the driver as
    // Integers, which the driver ignores. SnowflakeWarehouse bounds the login itself and sets
    // the driver's HTTP socket timeouts, which are JVM system properties.
    return new SnowflakeOptions(sf.url(), o, Set.of(credential.secret()));
  }

  /** Every option, for the connector; secrets included. */
  public Map<String, String> connection() {
    return options;
  }

  /** The options plus {@code extra} (dbtable, query, column_mapping, ...). */
  public Map<String, String> with(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(options);
    all.putAll(extra);
    return all;
  }

  /** The host the options point at. */
  public String host() {
    return host;
  }

  /** The options with secret values replaced by {@code ****}. */
  public Map<String, String> masked() {
    Map<String, String> m = new LinkedHashMap<>();
    options.forEach((k, v) -> m.put(k, SECRET_KEYS.contains(k) ? "****" : v));
    return m;
  }

  /** {@code text} with every secret value cut out. */
  public String mask(String text) {
    String out = text == null ? "" : text;
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        out = out.replace(s, "****");
      }
    }
    return out;
  }

  /** One line for a failure talking to the account: names the host, never a secret. */
  public String failure(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    why = mask(why).replaceAll("\\s+", " ").trim();
    return "Snowflake at " + host + ": " + why;
  }

  @Override
  public String toString() {
    return masked().toString();
  }
}
