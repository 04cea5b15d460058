package dev.shipshape.common.probe;

import dev.shipshape.common.event.Nullable;

/**
 * A request whose answer is known: sent to a service's container ({@code path} is {@code
 * :PORT/PATH}, as probes are) after each deploy and on every check of a watch window. The answer
 * must have {@code status} (200 when absent); with {@code jsonPath} the body is JSON with a value
 * there, equal to {@code expect} and matching {@code match} when they are given; without it, the
 * body contains {@code expect} and {@code match} (a regex) is found in it.
 */
public record GoldenRequest(
    String name,
    String method,
    String path,
    @Nullable String body,
    @Nullable Integer status,
    @Nullable String jsonPath,
    @Nullable String match,
    @Nullable String expect) {

  public static GoldenRequest of(
      String name,
      String method,
      String path,
      String body,
      Integer status,
      String jsonPath,
      String match,
      String expect) {
    return new GoldenRequest(name, method, path, body, status, jsonPath, match, expect);
  }

  /** The status the answer must have. */
  public int expectedStatus() {
    return status == null ? 200 : status;
  }

  /** The request in words, for evidence: method, path and the body (shortened, no secrets). */
  public String described() {
    return "golden request "
        + name
        + " ("
        + method
        + " "
        + path
        + (body == null || body.isEmpty() ? "" : " " + GoldenCheck.shown(body, 200))
        + ")";
  }
}
