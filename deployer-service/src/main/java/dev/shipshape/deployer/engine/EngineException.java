package dev.shipshape.deployer.engine;

/** The engine could not do what a deploy needed; the message says what and why. */
public class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
