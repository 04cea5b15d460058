package dev.shipshape.planner.saga.rules;

import java.time.Instant;

/** What set a rollback off, kept on the update as its incident record (JSON, shown by REST). */
public record Incident(
    String trigger,
    String host,
    String service,
    String reason,
    String fromDigest,
    String toDigest,
    Instant detectedAt,
    Instant rollbackStartedAt,
    String verification) {

  /** An update rolled back without a recorded cause (only a monitor's late word can do that). */
  public static final Incident UNKNOWN =
      new Incident("unknown", null, null, "", null, null, null, null, null);

  public Incident verified(String verdict) {
    return new Incident(
        trigger,
        host,
        service,
        reason,
        fromDigest,
        toDigest,
        detectedAt,
        rollbackStartedAt,
        verdict);
  }
}
