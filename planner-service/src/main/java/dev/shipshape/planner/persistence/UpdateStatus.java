package dev.shipshape.planner.persistence;

/**
 * Where an update stands. The constant names are the strings stored in {@code
 * update_request.status} and shown by the REST API, so they must not be renamed.
 */
public enum UpdateStatus {
  PLANNED,
  REJECTED,
  RUNNING,
  ROLLING_BACK,
  SUCCEEDED,
  ROLLED_BACK,
  FAILED;

  /** The status an operator typed, in any case; empty when there is no such status. */
  public static java.util.Optional<UpdateStatus> parse(String text) {
    for (UpdateStatus s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }
}
