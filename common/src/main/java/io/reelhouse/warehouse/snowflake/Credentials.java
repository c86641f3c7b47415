package io.reelhouse.warehouse.snowflake;

import io.reelhouse.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

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

  /** Resolves with the process environment. */
  public static Credential resolve(Settings.SnowflakeAuth auth) {
    return resolve(auth, System::getenv);
  }

  public static Credential resolve(Settings.SnowflakeAuth auth, Function<String, String> env) {
    String p = "warehouse.snowflake.auth.";
    switch (auth.method()) {
      case "key-pair" -> {
        String pem;
        String origin;
        if (!auth.privateKeyFile().isBlank()) {
          origin = "private key file " + auth.privateKeyFile();
          pem = read(Path.of(auth.privateKeyFile()), p + "private-key-file");
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
                ? read(Path.of(auth.tokenFile()), p + "token-file").strip()
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

  private static String read(Path file, String setting) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + file + " (" + setting + "): " + e.getClass().getSimpleName(), e);
    }
  }
}
