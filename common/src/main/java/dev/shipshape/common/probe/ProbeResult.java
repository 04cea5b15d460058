package dev.shipshape.common.probe;

import dev.shipshape.common.event.Nullable;

/**
 * One probe's outcome: the HTTP status and the latency when the service answered, otherwise why no
 * answer came. Judging the status (is a 503 a failure?) is the caller's business.
 */
public record ProbeResult(
    @Nullable Integer status, @Nullable Double millis, @Nullable String problem) {
  public static ProbeResult answered(int status, double millis) {
    return new ProbeResult(status, millis, null);
  }

  public static ProbeResult failed(String problem) {
    return new ProbeResult(null, null, problem);
  }

  public boolean hasAnswer() {
    return status != null;
  }
}
