package dev.shipshape.planner.saga.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What set a rollback off, kept on the update as its incident record (JSON, shown by REST): where
 * (host, service, from which digest to which), why, who asked, when it was detected and how long
 * the way back took, each step it undid, and the monitor's word on it.
 *
 * <p>{@code requestedBy} names the operator of an operator's rollback; it is null when the planner
 * undid a failure by itself. An operator's rollback has no single host or service that caused it:
 * those and the digests are filled in from what it undid when that was one host, one service.
 */
public record Incident(
    String trigger,
    String host,
    String service,
    String reason,
    String fromDigest,
    String toDigest,
    Instant detectedAt,
    Instant rollbackStartedAt,
    String verification,
    String requestedBy,
    Instant rollbackDoneAt,
    Long durationMillis,
    List<Undone> undone) {

  /** One step the rollback reached: what it ran, what it went back to, how that ended. */
  public record Undone(
      String host, String service, String fromDigest, String toDigest, String state) {}

  /** An update rolled back without a recorded cause (only a monitor's late word can do that). */
  public static final Incident UNKNOWN =
      new Incident(
          "unknown", null, null, "", null, null, null, null, null, null, null, null, List.of());

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
        verdict,
        requestedBy,
        rollbackDoneAt,
        durationMillis,
        undone);
  }

  /**
   * The record once the way back is over: its end and duration, and what it undid; where it did not
   * start at one step (an operator's rollback), the host, service and digests of the one it undid,
   * when there was one.
   */
  public Incident closed(Instant doneAt, List<Undone> steps) {
    boolean oneHost = steps.stream().map(Undone::host).distinct().count() == 1;
    boolean oneService = steps.stream().map(Undone::service).distinct().count() == 1;
    Undone only = steps.size() == 1 ? steps.get(0) : null;
    return new Incident(
        trigger,
        host != null ? host : oneHost ? steps.get(0).host() : null,
        service != null ? service : oneService ? steps.get(0).service() : null,
        reason,
        fromDigest != null || only == null ? fromDigest : only.fromDigest(),
        toDigest != null || only == null ? toDigest : only.toDigest(),
        detectedAt,
        rollbackStartedAt,
        verification,
        requestedBy,
        doneAt,
        rollbackStartedAt == null ? null : Duration.between(rollbackStartedAt, doneAt).toMillis(),
        List.copyOf(steps));
  }
}
