package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.saga.rules.Fact.DeployDone;
import dev.shipshape.planner.saga.rules.Fact.OperatorRollback;
import dev.shipshape.planner.saga.rules.Fact.RollbackTriggered;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRelease;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordVerified;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;

/**
 * What each answer, deadline or operator request may change, given where its step or backup stands:
 * two topics, redeliveries and deadlines mean answers come late, twice or out of order.
 */
final class Guards {
  private Guards() {}

  static void failBackup(Turn t, Backup b, String reason) {
    if (b.state != UpdateBackup.State.REQUESTED) {
      return;
    }
    b.state = UpdateBackup.State.FAILED;
    b.reason = reason;
    b.deadline = null;
    t.note("backup.failed", b.host, b.service, reason);
    if (t.u.status == UpdateStatus.RUNNING) {
      WaveFailures.onFailure(t, RollbackCause.backupFailed(b, reason));
    }
  }

  static void deployDone(Turn t, Step s, DeployDone f) {
    if (s.state != State.DEPLOYING && s.state != State.FAILED) {
      return;
    }
    s.digest = f.digest();
    // A step failed by its deadline that finished after all runs: the compensation must undo it.
    s.compensate |= s.state == State.FAILED;
    s.previousImage = f.previousImage();
    s.previousDigest = f.previousDigest();
    s.finishedAt = t.now;
    s.state = State.DEPLOYED;
    boolean running = t.u.status == UpdateStatus.RUNNING;
    s.deadline = running ? t.in(f.verifyWait()) : null;
    t.send(new RecordRelease(s.id));
    t.note("deploy.done", s.host, s.service, s.digest);
    if (s.releaseVerifiedEarly && running) {
      t.send(new RecordVerified(s.id));
      s.state = State.VERIFIED;
      s.deadline = null;
    }
    Rollout.advanceHost(t, s.host);
    // Rolling back, or a failed host's step that finished after its deadline: undo it.
    if (t.u.status == UpdateStatus.ROLLING_BACK || (running && s.compensate)) {
      s.compensate = true;
      s.deadline = null;
      Undo.advance(t, s.host);
    }
  }

  static void failDeploy(Turn t, Step s, String reason) {
    if (s.state != State.DEPLOYING) {
      return;
    }
    s.state = State.FAILED;
    s.reason = reason;
    s.deadline = null;
    s.finishedAt = t.now;
    t.note("deploy.failed", s.host, s.service, reason);
    if (t.u.status == UpdateStatus.RUNNING) {
      WaveFailures.onFailure(t, RollbackCause.deployFailed(s, reason));
    } else if (t.u.status == UpdateStatus.ROLLING_BACK) {
      Undo.advance(t, s.host);
    }
  }

  static void releaseVerified(Turn t, Step s) {
    if (s.state == State.DEPLOYING) {
      // The monitor only verifies what it saw deployed: the deploy.done is on its way.
      s.releaseVerifiedEarly = true;
      t.note("release.verified", s.host, s.service, "before its deploy.done");
      return;
    }
    t.send(new RecordVerified(s.id));
    t.note("release.verified", s.host, s.service, s.digest);
    if (s.state == State.DEPLOYED) {
      s.state = State.VERIFIED;
      s.deadline = null;
      Rollout.checkWave(t);
    }
  }

  static void rollbackTriggered(Turn t, Step s, RollbackTriggered f) {
    if (f.eventId().equals(s.rollbackEventId)) {
      return; // our own command, back from the broker
    }
    t.note("rollback.triggered", f.host(), f.service(), f.criterion());
    // Still DEPLOYING here only when its deploy.done is queued behind: the monitor saw it run.
    if (t.u.finished()
        || !(s.state.changedHost() || s.state == State.DEPLOYING || s.state == State.ROLLED_BACK)) {
      return;
    }
    if (s.state == State.ROLLED_BACK) {
      // Its rollback.done came first: the monitor's confirmation is still worth waiting for.
      if (!f.manual() && t.u.status == UpdateStatus.ROLLING_BACK) {
        t.u.awaitingVerification = s.where();
        t.u.verificationDeadline = t.in(t.settings.confirmTimeout());
      }
      return;
    }
    RollbackCause cause =
        RollbackCause.windowFailed(s, f.manual(), f.criterion(), f.evidence(), f.eventId());
    if (WaveFailures.tolerates(t, cause)) {
      // One failed host within the threshold: the monitor confirms its rollback on its own, and
      // the rollout does not wait for that word.
      WaveFailures.onFailure(t, cause);
      return;
    }
    if (!f.manual()) {
      t.u.awaitingVerification = s.where();
    }
    Undo.start(t, cause);
  }

  static void rollbackDone(Turn t, Step s, String toDigest) {
    if (s.state.changedHost() && !t.u.finished()) {
      // The deployer's answer overtook the command it answers (two topics, two consumers): the
      // step was rolled back by somebody, so undo the rest of its wave as for a trigger.
      WaveFailures.onFailure(t, RollbackCause.rolledBackElsewhere(s));
    }
    if (s.state == State.ROLLING_BACK) {
      Undo.onRollbackDone(t, s, toDigest);
    }
  }

  static void failRollback(Turn t, Step s, String reason) {
    if (s.state != State.ROLLING_BACK) {
      return;
    }
    s.state = State.ROLLBACK_FAILED;
    s.reason = reason;
    s.deadline = null;
    t.note("rollback.failed", s.host, s.service, reason);
    Undo.advance(t, s.host);
  }

  static void restoreDone(Turn t, Backup b) {
    if (b.state != UpdateBackup.State.RESTORING) {
      return;
    }
    b.state = UpdateBackup.State.RESTORED;
    b.deadline = null;
    t.note("restore.done", b.host, b.service, b.backupId);
    Undo.advance(t, b.host);
  }

  static void failRestore(Turn t, Backup b, String reason) {
    if (b.state != UpdateBackup.State.RESTORING) {
      return;
    }
    b.state = UpdateBackup.State.RESTORE_FAILED;
    b.reason = reason;
    b.deadline = null;
    t.note("restore.failed", b.host, b.service, reason);
    Undo.advance(t, b.host);
  }

  /** A wait ran out: the step fails with a reason that says who did not answer. */
  static void stepOverdue(Turn t, Step s) {
    if (s.deadline == null || s.deadline.isAfter(t.now)) {
      return; // answered, or given more time, since the deadline was read
    }
    switch (s.state) {
      case DEPLOYING ->
          failDeploy(
              t,
              s,
              "timeout: no deploy.done from "
                  + s.host
                  + " within "
                  + t.settings.deployTimeout()
                  + " (is its deployer agent running?)");
      case DEPLOYED -> {
        s.deadline = null;
        s.reason = "no release.verified in time (is the monitor running?)";
        if (t.u.status == UpdateStatus.RUNNING) {
          WaveFailures.onFailure(t, RollbackCause.timeout(s, s.reason));
        }
      }
      case ROLLING_BACK ->
          failRollback(
              t,
              s,
              "timeout: no rollback.done from "
                  + s.host
                  + " within "
                  + t.settings.rollbackTimeout());
      default -> s.deadline = null;
    }
  }

  static void backupOverdue(Turn t, Backup b) {
    if (b.deadline == null || b.deadline.isAfter(t.now)) {
      return;
    }
    if (b.state == UpdateBackup.State.REQUESTED) {
      failBackup(
          t,
          b,
          "timeout: no backup.verified within "
              + t.settings.backupTimeout()
              + " (is the backup service running?)");
    } else if (b.state == UpdateBackup.State.RESTORING) {
      failRestore(t, b, "timeout: no restore.done within " + t.settings.restoreTimeout());
    } else {
      b.deadline = null;
    }
  }

  /** Undoes everything the update changed, on every wave, newest first. */
  static void operatorRollback(Turn t, OperatorRollback f) {
    UpdateSnapshot u = t.u;
    if (u.status == UpdateStatus.REJECTED) {
      t.refusal = "update " + u.updateId + " was rejected: nothing ran";
      return;
    }
    t.requireWhole();
    if (u.steps.stream().noneMatch(s -> s.state.changedHost())) {
      t.refusal =
          "update " + u.updateId + " changed nothing that is still in place: nothing to undo";
      return;
    }
    t.note("rollback.requested", null, null, f.by() + ": " + f.reason());
    Undo.start(t, RollbackCause.operator(f.reason(), f.by()));
  }

  /** No further step starts; what runs now finishes, and the update ends as failed. */
  static void operatorCancel(Turn t, String by) {
    UpdateSnapshot u = t.u;
    if (u.finished() || u.status != UpdateStatus.RUNNING) {
      t.refusal = "update " + u.updateId + " is " + u.status + ": too late to cancel";
      return;
    }
    t.requireWhole();
    u.cancelRequestedBy = by;
    u.steps.stream().filter(s -> s.state == State.PENDING).forEach(s -> s.state = State.SKIPPED);
    t.note("cancel.requested", null, null, by);
    Rollout.finishCancelIfIdle(t);
  }
}
