package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreFailed;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStep.State;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Routes the other services' answers to the update they belong to (by the envelope's update id),
 * with the update row locked so that two planners never move one update at once. An answer for an
 * unknown update, or one the update no longer waits for, changes nothing but the timeline.
 */
@ApplicationScoped
public class SagaEvents {
  private static final Logger LOG = Logger.getLogger(SagaEvents.class);

  private final UpdateRequestRepository updates;
  private final UpdateSaga saga;
  private final Compensation compensation;
  private final SagaSettings settings;

  public SagaEvents(
      UpdateRequestRepository updates,
      UpdateSaga saga,
      Compensation compensation,
      SagaSettings settings) {
    this.updates = updates;
    this.saga = saga;
    this.compensation = compensation;
    this.settings = settings;
  }

  @Transactional(TxType.MANDATORY)
  public void backupVerified(EventEnvelope<BackupVerified> e) {
    BackupVerified p = e.payload();
    withBackup(
        e.updateId(),
        p.host(),
        p.service(),
        (u, b) -> {
          b.sizeBytes = p.sizeBytes();
          b.sha256 = p.sha256();
          if (b.state == UpdateBackup.State.REQUESTED && "RUNNING".equals(u.status)) {
            saga.onBackupVerified(u, b, p.backupId(), p.objectKey());
          } else if (b.state == UpdateBackup.State.REQUESTED) {
            b.state = UpdateBackup.State.VERIFIED;
            b.backupId = p.backupId();
            b.objectKey = p.objectKey();
            b.deadline = null;
          }
        });
  }

  @Transactional(TxType.MANDATORY)
  public void backupFailed(EventEnvelope<BackupFailed> e) {
    BackupFailed p = e.payload();
    withBackup(
        e.updateId(),
        p.host(),
        p.service(),
        (u, b) -> failBackup(u, b, p.check() + ": " + p.reason()));
  }

  void failBackup(UpdateRequestRecord u, UpdateBackup b, String reason) {
    if (b.state != UpdateBackup.State.REQUESTED) {
      return;
    }
    b.state = UpdateBackup.State.FAILED;
    b.reason = reason;
    b.deadline = null;
    saga.timeline().add(u.updateId, "backup.failed", b.host, b.service, reason);
    if ("RUNNING".equals(u.status)) {
      compensation.start(
          u,
          false,
          "backup.failed",
          null,
          b.host,
          "backup of " + b.service + " failed (" + reason + ")",
          null,
          null);
    }
  }

  @Transactional(TxType.MANDATORY)
  public void deployDone(EventEnvelope<DeployDone> e) {
    DeployDone p = e.payload();
    withStep(
        e.updateId(),
        p.host(),
        p.service(),
        (u, s) -> {
          if (s.state != State.DEPLOYING && s.state != State.FAILED) {
            return;
          }
          s.digest = p.digest();
          if (s.state == State.FAILED) {
            // It finished after its deadline: it runs, so the compensation must undo it.
            s.compensate = true;
          }
          saga.onDeployDone(u, s, p.previousImage(), p.previousDigest());
          if ("ROLLING_BACK".equals(u.status)) {
            s.compensate = true;
            s.deadline = null;
            compensation.advance(u, s.host);
          }
        });
  }

  @Transactional(TxType.MANDATORY)
  public void deployFailed(EventEnvelope<DeployFailed> e) {
    DeployFailed p = e.payload();
    withStep(
        e.updateId(),
        p.host(),
        p.service(),
        (u, s) -> failDeploy(u, s, p.phase() + ": " + p.reason()));
  }

  void failDeploy(UpdateRequestRecord u, UpdateStep s, String reason) {
    if (s.state != State.DEPLOYING) {
      return;
    }
    s.state = State.FAILED;
    s.reason = reason;
    s.deadline = null;
    s.finishedAt = Instant.now();
    saga.timeline().add(u.updateId, "deploy.failed", s.host, s.service, reason);
    if ("RUNNING".equals(u.status)) {
      compensation.start(
          u, false, "deploy.failed", s, s.host, s.service + ": " + reason, null, null);
    } else if ("ROLLING_BACK".equals(u.status)) {
      compensation.advance(u, s.host);
    }
  }

  @Transactional(TxType.MANDATORY)
  public void releaseVerified(EventEnvelope<ReleaseVerified> e) {
    ReleaseVerified p = e.payload();
    withStep(e.updateId(), p.host(), p.service(), saga::onReleaseVerified);
  }

  @Transactional(TxType.MANDATORY)
  public void rollbackTriggered(EventEnvelope<RollbackTriggered> e) {
    RollbackTriggered p = e.payload();
    withStep(
        e.updateId(),
        p.host(),
        p.service(),
        (u, s) -> {
          if (e.eventId().equals(s.rollbackEventId)) {
            return; // our own command, back from the broker
          }
          saga.timeline()
              .add(u.updateId, "rollback.triggered", p.host(), p.service(), p.criterion());
          // Still DEPLOYING here only when its deploy.done is queued behind: the monitor saw it
          // run.
          if (u.finished()
              || !(s.state.changedHost()
                  || s.state == State.DEPLOYING
                  || s.state == State.ROLLED_BACK)) {
            return;
          }
          if (!p.manual()) {
            u.awaitingVerification = s.host + "/" + s.service;
          }
          if (s.state == State.ROLLED_BACK) {
            // Its rollback.done came first: the monitor's confirmation is still worth waiting for.
            if (!p.manual()) {
              u.verificationDeadline = Commands.in(settings.confirmTimeout());
            }
            return;
          }
          compensation.start(
              u,
              false,
              p.manual() ? "manual rollback" : "monitor: " + p.criterion(),
              s,
              s.host,
              p.evidence() == null ? p.criterion() : p.criterion() + " (" + p.evidence() + ")",
              s,
              e.eventId());
        });
  }

  @Transactional(TxType.MANDATORY)
  public void rollbackDone(EventEnvelope<RollbackDone> e) {
    RollbackDone p = e.payload();
    withStep(
        e.updateId(),
        p.host(),
        p.service(),
        (u, s) -> {
          if (s.state.changedHost() && !u.finished()) {
            // The deployer's answer overtook the command it answers (two topics, two consumers):
            // the step was rolled back by somebody, so undo the rest of its wave as for a trigger.
            compensation.start(
                u, false, "rollback.done", s, s.host, "rolled back on " + s.host, s, null);
          }
          if (s.state == State.ROLLING_BACK) {
            compensation.onRollbackDone(u, s, p.toDigest());
          }
        });
  }

  @Transactional(TxType.MANDATORY)
  public void rollbackFailed(EventEnvelope<RollbackFailed> e) {
    RollbackFailed p = e.payload();
    withStep(e.updateId(), p.host(), p.service(), (u, s) -> failRollback(u, s, p.reason()));
  }

  void failRollback(UpdateRequestRecord u, UpdateStep s, String reason) {
    if (s.state != State.ROLLING_BACK) {
      return;
    }
    s.state = State.ROLLBACK_FAILED;
    s.reason = reason;
    s.deadline = null;
    saga.timeline().add(u.updateId, "rollback.failed", s.host, s.service, reason);
    compensation.advance(u, s.host);
  }

  @Transactional(TxType.MANDATORY)
  public void rollbackConfirmed(String updateId, String host, String service, String verdict) {
    locked(updateId).ifPresent(u -> compensation.onConfirmation(u, host, service, verdict));
  }

  @Transactional(TxType.MANDATORY)
  public void restoreDone(EventEnvelope<RestoreDone> e) {
    RestoreDone p = e.payload();
    withBackup(
        e.updateId(),
        p.host(),
        p.service(),
        (u, b) -> {
          if (b.state == UpdateBackup.State.RESTORING) {
            b.state = UpdateBackup.State.RESTORED;
            b.deadline = null;
            saga.timeline().add(u.updateId, "restore.done", b.host, b.service, b.backupId);
            compensation.advance(u, b.host);
          }
        });
  }

  @Transactional(TxType.MANDATORY)
  public void restoreFailed(EventEnvelope<RestoreFailed> e) {
    RestoreFailed p = e.payload();
    withBackup(e.updateId(), p.host(), p.service(), (u, b) -> failRestore(u, b, p.reason()));
  }

  void failRestore(UpdateRequestRecord u, UpdateBackup b, String reason) {
    if (b.state != UpdateBackup.State.RESTORING) {
      return;
    }
    b.state = UpdateBackup.State.RESTORE_FAILED;
    b.reason = reason;
    b.deadline = null;
    saga.timeline().add(u.updateId, "restore.failed", b.host, b.service, reason);
    compensation.advance(u, b.host);
  }

  /** The update, locked for this transaction, if this planner knows it. */
  Optional<UpdateRequestRecord> locked(String updateId) {
    Optional<UpdateRequestRecord> u =
        updateId == null
            ? Optional.empty()
            : updates.findByIdOptional(updateId, LockModeType.PESSIMISTIC_WRITE);
    if (u.isEmpty()) {
      LOG.debugf("no update %s here; ignoring its event", updateId);
    }
    return u;
  }

  private void withStep(
      String updateId,
      String host,
      String service,
      java.util.function.BiConsumer<UpdateRequestRecord, UpdateStep> then) {
    locked(updateId)
        .ifPresent(
            u ->
                saga.steps()
                    .forService(updateId, host, service)
                    .ifPresentOrElse(
                        s -> then.accept(u, s),
                        () -> note(u, "no step for " + service + " on " + host)));
  }

  private void withBackup(
      String updateId,
      String host,
      String service,
      java.util.function.BiConsumer<UpdateRequestRecord, UpdateBackup> then) {
    locked(updateId)
        .ifPresent(
            u ->
                saga.backups()
                    .forService(updateId, host, service)
                    .ifPresentOrElse(
                        b -> then.accept(u, b),
                        () -> note(u, "no backup for " + service + " on " + host)));
  }

  private static void note(UpdateRequestRecord u, String what) {
    LOG.infof("update %s: ignoring an answer it did not ask for (%s)", u.updateId, what);
  }

  /** For callers that hold only the id (REST, deadlines). */
  @Transactional(TxType.MANDATORY)
  public void with(String updateId, Consumer<UpdateRequestRecord> then) {
    locked(updateId).ifPresent(then);
  }
}
