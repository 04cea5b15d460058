package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.time.Instant;
import java.util.List;

/**
 * Why a compensation starts, and how far it reaches: the current wave, or every wave for an
 * operator's rollback. {@code externalStep} is a step somebody else (the monitor, the deployer) is
 * already rolling back, with the event that said so, so the planner sends no second rollback.
 * {@code requestedBy} is the operator of an operator's rollback, null when the planner decided.
 */
public record RollbackCause(
    String trigger,
    String host,
    String service,
    String reason,
    String fromDigest,
    String toDigest,
    boolean allWaves,
    Long externalStep,
    String externalEventId,
    String requestedBy) {

  public static RollbackCause backupFailed(Backup b, String reason) {
    return new RollbackCause(
        "backup.failed",
        b.host,
        null,
        "backup of " + b.service + " failed (" + reason + ")",
        null,
        null,
        false,
        null,
        null,
        null);
  }

  public static RollbackCause deployFailed(Step s, String reason) {
    return atStep("deploy.failed", s, s.service + ": " + reason, null, null);
  }

  /** The step's monitor window ran out without a release.verified. */
  public static RollbackCause timeout(Step s, String reason) {
    return atStep("timeout", s, s.service + ": " + reason, null, null);
  }

  /** A rollback.triggered from the monitor (its window failed) or from an operator's agent call. */
  public static RollbackCause windowFailed(
      Step s, boolean manual, String criterion, String evidence, String eventId) {
    return atStep(
        manual ? "manual rollback" : "monitor: " + criterion,
        s,
        evidence == null ? criterion : criterion + " (" + evidence + ")",
        s.id,
        eventId);
  }

  /** A rollback.done that overtook the command it answers: somebody rolled the step back. */
  public static RollbackCause rolledBackElsewhere(Step s) {
    return atStep("rollback.done", s, "rolled back on " + s.host, s.id, null);
  }

  /** An operator's rollback of the whole update. */
  public static RollbackCause operator(String reason, String by) {
    return new RollbackCause(
        "manual rollback",
        null,
        null,
        reason + " (asked by " + by + ")",
        null,
        null,
        true,
        null,
        null,
        by);
  }

  private static RollbackCause atStep(
      String trigger, Step s, String reason, Long external, String eventId) {
    return new RollbackCause(
        trigger,
        s.host,
        s.service,
        reason,
        s.digest,
        s.previousDigest,
        false,
        external,
        eventId,
        null);
  }

  Incident incident(Instant now) {
    return new Incident(
        trigger,
        host,
        service,
        reason,
        fromDigest,
        toDigest,
        now,
        now,
        null,
        requestedBy,
        null,
        null,
        List.of());
  }
}
