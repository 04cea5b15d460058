package dev.shipshape.common.probe;

import dev.shipshape.common.event.Nullable;

/**
 * What the monitor asks a host's agent: send {@code golden} to the live container of {@code
 * service} in {@code stack} and hand back the answer, within {@code timeoutMillis} (the agent's own
 * bound when absent).
 */
public record GoldenProbeRequest(
    String stack, String service, GoldenRequest golden, @Nullable Long timeoutMillis) {
  public static GoldenProbeRequest of(
      String stack, String service, GoldenRequest golden, Long timeoutMillis) {
    return new GoldenProbeRequest(stack, service, golden, timeoutMillis);
  }
}
