package dev.shipshape.common.time;

/** A duration that cannot be read; the message names the value and the forms accepted. */
public class InvalidDurationException extends IllegalArgumentException {
  private final String value;

  public InvalidDurationException(String value, String message) {
    super(message);
    this.value = value;
  }

  /** The text as it was given, for callers that name it beside the field it came from. */
  public String value() {
    return value;
  }
}
