package io.reelhouse.model.selection;

/** A selector that cannot be parsed or evaluated; the message names the part at fault. */
public class InvalidSelectorException extends IllegalArgumentException {
  public InvalidSelectorException(String message) {
    super(message);
  }
}
