package dev.shipshape.common.event;

/** A message that cannot be parsed or does not match its schema: it belongs in the dead letters. */
public class InvalidEventException extends RuntimeException {
  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
