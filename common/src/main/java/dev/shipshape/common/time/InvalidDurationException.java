package dev.shipshape.common.time;

/** A duration that cannot be read; the message names the value and the forms accepted. */
public class InvalidDurationException extends IllegalArgumentException {
  public InvalidDurationException(String message) {
    super(message);
  }
}
