package dev.shipshape.common.probe;

import dev.shipshape.common.event.Nullable;

/**
 * What a service answered a golden request: the status, the latency and the body (cut to a bound),
 * or why no answer came. Judging it is {@link GoldenCheck}'s business.
 */
public record GoldenAnswer(
    @Nullable Integer status,
    @Nullable Double millis,
    @Nullable String body,
    @Nullable String problem) {
  public static GoldenAnswer answered(int status, double millis, String body) {
    return new GoldenAnswer(status, millis, body, null);
  }

  public static GoldenAnswer failed(String problem) {
    return new GoldenAnswer(null, null, null, problem);
  }

  public boolean hasAnswer() {
    return status != null;
  }
}
