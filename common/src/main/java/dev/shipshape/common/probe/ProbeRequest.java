package dev.shipshape.common.probe;

import dev.shipshape.common.event.Nullable;

/**
 * What the monitor asks a host's agent: an HTTP GET of {@code probe} ({@code :PORT/PATH}) on the
 * live container of {@code service} in {@code stack}, answered within {@code timeoutMillis} (the
 * agent's own bound when absent).
 */
public record ProbeRequest(
    String stack, String service, String probe, @Nullable Long timeoutMillis) {}
