package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.config.SagaSettings;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.saga.rules.Fact.BackupFailed;
import dev.shipshape.planner.saga.rules.Fact.BackupOverdue;
import dev.shipshape.planner.saga.rules.Fact.BackupVerified;
import dev.shipshape.planner.saga.rules.Fact.DeployDone;
import dev.shipshape.planner.saga.rules.Fact.DeployFailed;
import dev.shipshape.planner.saga.rules.Fact.OperatorCancel;
import dev.shipshape.planner.saga.rules.Fact.OperatorRollback;
import dev.shipshape.planner.saga.rules.Fact.ReleaseVerified;
import dev.shipshape.planner.saga.rules.Fact.RestoreDone;
import dev.shipshape.planner.saga.rules.Fact.RestoreFailed;
import dev.shipshape.planner.saga.rules.Fact.RollbackConfirmed;
import dev.shipshape.planner.saga.rules.Fact.RollbackDone;
import dev.shipshape.planner.saga.rules.Fact.RollbackFailed;
import dev.shipshape.planner.saga.rules.Fact.RollbackTriggered;
import dev.shipshape.planner.saga.rules.Fact.Started;
import dev.shipshape.planner.saga.rules.Fact.StepOverdue;
import dev.shipshape.planner.saga.rules.Fact.VerificationOverdue;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.time.Instant;
import java.util.List;

/**
 * The update's state machine in one place: given the update and a fact, its next state and the
 * commands that follow. Pure — no database, no broker, no clock of its own — so that every
 * transition has a plain-JUnit test. Here are the guards (an answer the update no longer waits for
 * changes nothing but, at most, the timeline); {@link Rollout} and {@link Undo} hold the two
 * directions an update moves in.
 */
public final class SagaRules {
  private final SagaSettings settings;

  public SagaRules(SagaSettings settings) {
    this.settings = settings;
  }

  public Decision decide(UpdateSnapshot state, Fact fact, Instant now) {
    Turn t = new Turn(state.copy(), now, settings);
    try {
      apply(t, fact);
    } catch (Turn.NeedsWholeUpdate e) {
      return Decision.needsWhole(state);
    }
    return new Decision(t.u, List.copyOf(t.out), t.refusal, false);
  }

  private void apply(Turn t, Fact fact) {
    if (fact instanceof Started f) {
      t.u.status = UpdateStatus.RUNNING;
      t.u.currentWave = 0;
      t.note("update.planned", null, null, f.waves() + " wave(s)");
      Rollout.startWave(t);
    } else if (fact instanceof BackupVerified f) {
      withBackup(t, f.host(), f.service(), b -> backupVerified(t, b, f));
    } else if (fact instanceof BackupFailed f) {
      withBackup(t, f.host(), f.service(), b -> Guards.failBackup(t, b, f.reason()));
    } else if (fact instanceof DeployDone f) {
      withStep(t, f.host(), f.service(), s -> Guards.deployDone(t, s, f));
    } else if (fact instanceof DeployFailed f) {
      withStep(t, f.host(), f.service(), s -> Guards.failDeploy(t, s, f.reason()));
    } else if (fact instanceof ReleaseVerified f) {
      withStep(t, f.host(), f.service(), s -> Guards.releaseVerified(t, s));
    } else if (fact instanceof RollbackTriggered f) {
      withStep(t, f.host(), f.service(), s -> Guards.rollbackTriggered(t, s, f));
    } else if (fact instanceof RollbackDone f) {
      withStep(t, f.host(), f.service(), s -> Guards.rollbackDone(t, s, f.toDigest()));
    } else if (fact instanceof RollbackFailed f) {
      withStep(t, f.host(), f.service(), s -> Guards.failRollback(t, s, f.reason()));
    } else if (fact instanceof RollbackConfirmed f) {
      Undo.onConfirmation(t, f.host(), f.service(), f.verdict());
    } else if (fact instanceof RestoreDone f) {
      withBackup(t, f.host(), f.service(), b -> Guards.restoreDone(t, b));
    } else if (fact instanceof RestoreFailed f) {
      withBackup(t, f.host(), f.service(), b -> Guards.failRestore(t, b, f.reason()));
    } else if (fact instanceof StepOverdue f) {
      t.stepById(f.stepId()).ifPresent(s -> Guards.stepOverdue(t, s));
    } else if (fact instanceof BackupOverdue f) {
      t.backupById(f.backupId()).ifPresent(b -> Guards.backupOverdue(t, b));
    } else if (fact instanceof VerificationOverdue) {
      Undo.checkDone(t);
    } else if (fact instanceof OperatorRollback f) {
      Guards.operatorRollback(t, f);
    } else if (fact instanceof OperatorCancel f) {
      Guards.operatorCancel(t, f.by());
    }
  }

  private static void backupVerified(Turn t, Backup b, BackupVerified f) {
    b.sizeBytes = f.sizeBytes();
    b.sha256 = f.sha256();
    if (b.state != UpdateBackup.State.REQUESTED) {
      return; // a redelivery, or an answer after its deadline failed it
    }
    b.state = UpdateBackup.State.VERIFIED;
    b.backupId = f.backupId();
    b.objectKey = f.objectKey();
    b.deadline = null;
    if (t.u.status == UpdateStatus.RUNNING) {
      t.note("backup.verified", b.host, b.service, f.objectKey());
      Rollout.advanceHost(t, b.host);
    }
  }

  private static void withStep(
      Turn t, String host, String service, java.util.function.Consumer<Step> then) {
    t.step(host, service)
        .ifPresentOrElse(then, () -> t.refusal = "no step for " + service + " on " + host);
  }

  private static void withBackup(
      Turn t, String host, String service, java.util.function.Consumer<Backup> then) {
    t.backup(host, service)
        .ifPresentOrElse(then, () -> t.refusal = "no backup for " + service + " on " + host);
  }
}
