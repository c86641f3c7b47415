package io.reelhouse.warehouse.snowflake;

import io.reelhouse.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * Finds the secret the settings point at (a file or an environment variable) and puts it in the
 * form the connector takes. Messages name the setting, variable or file, never the value.
 */
public final class Credentials {
  private Credentials() {}

  /**
   * @param method key-pair, oauth or password
   * @param secret the connector's value: an unencrypted PKCS#8 key body, a token or a password
   */
  public record Credential(String method, String secret) {
    @Override
    public String toString() {
      return "Credential[" + method + ", ****]";
    }
  }

  /** Resolves with the process environment; files on local disk. */
  public static Credential resolve(Settings.SnowflakeAuth auth) {
    return resolve(auth, System::getenv, new Configuration());
  }

  public static Credential resolve(Settings.SnowflakeAuth auth, Function<String, String> env) {
    return resolve(auth, env, new Configuration());
  }

  /** Resolves with the process environment; files through {@code hadoop} (e.g. on s3://). */
  public static Credential resolve(Settings.SnowflakeAuth auth, Configuration hadoop) {
    return resolve(auth, System::getenv, hadoop);
  }

  /**
   * @param hadoop reads the key and token files, so they may live on any Hadoop file system (a
   *     KMS-encrypted {@code s3://} object read with the cluster's role)
   */
  public static Credential resolve(
      Settings.SnowflakeAuth auth, Function<String, String> env, Configuration hadoop) {
    String p = "warehouse.snowflake.auth.";
    switch (auth.method()) {
      case "key-pair" -> {
        String pem;
        String origin;
        if (!auth.privateKeyFile().isBlank()) {
          origin = "private key file " + auth.privateKeyFile();
          pem = read(auth.privateKeyFile(), p + "private-key-file", hadoop);
        } else {
          origin = "private key in $" + auth.privateKeyEnv();
          pem =
              required(
                  env, auth.privateKeyEnv(), p + "private-key-file or " + p + "private-key-env");
        }
        String pass = auth.passphraseEnv().isBlank() ? null : env.apply(auth.passphraseEnv());
        return new Credential(
            "key-pair",
            PrivateKeys.pemPrivateKey(
                pem, pass == null ? null : pass.toCharArray(), origin, "$" + auth.passphraseEnv()));
      }
      case "oauth" -> {
        String token =
            !auth.tokenFile().isBlank()
                ? read(auth.tokenFile(), p + "token-file", hadoop).strip()
                : required(env, auth.tokenEnv(), p + "token-file or " + p + "token-env");
        return new Credential("oauth", token);
      }
      case "password" -> {
        System.err.println(
            "warning: warehouse.snowflake.auth.method = password: Snowflake no longer lets service"
                + " users sign in with a password; use key-pair or oauth");
        return new Credential("password", required(env, auth.passwordEnv(), p + "password-env"));
      }
      default ->
          throw new IllegalArgumentException(
              "setting "
                  + p
                  + "method: expected key-pair, oauth or password, got "
                  + auth.method());
    }
  }

  private static String required(Function<String, String> env, String variable, String setting) {
    String v = variable == null || variable.isBlank() ? null : env.apply(variable);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "no Snowflake credential: environment variable "
              + (variable == null || variable.isBlank() ? "(none named)" : variable)
              + " is not set (see "
              + setting
              + ")");
    }
    return v;
  }

  private static String read(String file, String setting, Configuration hadoop) {
    try {
      var path = new org.apache.hadoop.fs.Path(file);
      try (var in = path.getFileSystem(hadoop).open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + setting + "): " + e.getClass().getSimpleName(), e);
    }
  }
}
