package dev.shipshape.planner.saga.rules;

import java.time.Duration;

/** Something that happened to an update: another service's answer, a deadline, an operator. */
public sealed interface Fact {
  /** An answer about one service on one host. */
  interface Answer {
    String host();

    String service();
  }

  /** The plan is persisted: the first wave starts. */
  record Started(int waves) implements Fact {}

  record BackupVerified(
      String host, String service, String backupId, String objectKey, Long sizeBytes, String sha256)
      implements Fact, Answer {}

  record BackupFailed(String host, String service, String reason) implements Fact, Answer {}

  /** {@code verifyWait}: the step's monitor window plus the margin, read from its spec. */
  record DeployDone(
      String host,
      String service,
      String digest,
      String previousImage,
      String previousDigest,
      Duration verifyWait)
      implements Fact, Answer {
    public DeployDone waiting(Duration wait) {
      return new DeployDone(host, service, digest, previousImage, previousDigest, wait);
    }
  }

  record DeployFailed(String host, String service, String reason) implements Fact, Answer {}

  record ReleaseVerified(String host, String service) implements Fact, Answer {}

  record RollbackTriggered(
      String host,
      String service,
      String eventId,
      boolean manual,
      String criterion,
      String evidence)
      implements Fact, Answer {}

  record RollbackDone(String host, String service, String toDigest) implements Fact, Answer {}

  record RollbackFailed(String host, String service, String reason) implements Fact, Answer {}

  /** The monitor's verdict on a rollback it watched: "verified" or "unresolved". */
  record RollbackConfirmed(String host, String service, String verdict) implements Fact, Answer {}

  record RestoreDone(String host, String service) implements Fact, Answer {}

  record RestoreFailed(String host, String service, String reason) implements Fact, Answer {}

  record StepOverdue(long stepId) implements Fact {}

  record BackupOverdue(long backupId) implements Fact {}

  /** The wait for the monitor's confirmation of a rollback ran out. */
  record VerificationOverdue() implements Fact {}

  record OperatorRollback(String reason, String by) implements Fact {}

  record OperatorCancel(String by) implements Fact {}
}
