package io.reelhouse.config;

/** A setting is missing, misspelt or of the wrong type; the message names key, file and type. */
public class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
