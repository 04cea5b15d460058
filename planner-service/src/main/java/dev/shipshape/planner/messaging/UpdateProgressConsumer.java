package dev.shipshape.planner.messaging;

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
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.RollbackVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.planner.saga.UpdateSaga;
import dev.shipshape.planner.saga.rules.Fact;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The other services' answers that move updates along, each through the idempotent inbox: decoded
 * into the saga's facts and handed to the update they name (by the envelope's update id).
 */
@ApplicationScoped
public class UpdateProgressConsumer {
  private final EventInbox inbox;
  private final UpdateSaga saga;

  public UpdateProgressConsumer(EventInbox inbox, UpdateSaga saga) {
    this.inbox = inbox;
    this.saga = saga;
  }

  @Incoming(Topics.BACKUP_VERIFIED)
  @Blocking
  public void backupVerified(ConsumerRecord<String, String> r) {
    inbox.<BackupVerified>receive(
        r,
        e -> {
          BackupVerified p = e.payload();
          saga.handle(
              e.updateId(),
              new Fact.BackupVerified(
                  p.host(), p.service(), p.backupId(), p.objectKey(), p.sizeBytes(), p.sha256()));
        });
  }

  @Incoming(Topics.BACKUP_FAILED)
  @Blocking
  public void backupFailed(ConsumerRecord<String, String> r) {
    inbox.<BackupFailed>receive(
        r,
        e -> {
          BackupFailed p = e.payload();
          saga.handle(
              e.updateId(),
              new Fact.BackupFailed(p.host(), p.service(), p.check() + ": " + p.reason()));
        });
  }

  @Incoming(Topics.DEPLOY_DONE)
  @Blocking
  public void deployDone(ConsumerRecord<String, String> r) {
    inbox.<DeployDone>receive(
        r,
        e -> {
          DeployDone p = e.payload();
          saga.handle(
              e.updateId(),
              new Fact.DeployDone(
                  p.host(), p.service(), p.digest(), p.previousImage(), p.previousDigest(), null));
        });
  }

  @Incoming(Topics.DEPLOY_FAILED)
  @Blocking
  public void deployFailed(ConsumerRecord<String, String> r) {
    inbox.<DeployFailed>receive(
        r,
        e -> {
          DeployFailed p = e.payload();
          saga.handle(
              e.updateId(),
              new Fact.DeployFailed(p.host(), p.service(), p.phase() + ": " + p.reason()));
        });
  }

  @Incoming(Topics.RELEASE_VERIFIED)
  @Blocking
  public void releaseVerified(ConsumerRecord<String, String> r) {
    inbox.<ReleaseVerified>receive(
        r,
        e -> {
          ReleaseVerified p = e.payload();
          saga.handle(e.updateId(), new Fact.ReleaseVerified(p.host(), p.service()));
        });
  }

  @Incoming(Topics.ROLLBACK_TRIGGERED)
  @Blocking
  public void rollbackTriggered(ConsumerRecord<String, String> r) {
    inbox.<RollbackTriggered>receive(
        r,
        e -> {
          RollbackTriggered p = e.payload();
          saga.handle(
              e.updateId(),
              new Fact.RollbackTriggered(
                  p.host(), p.service(), e.eventId(), p.manual(), p.criterion(), p.evidence()));
        });
  }

  @Incoming(Topics.ROLLBACK_DONE)
  @Blocking
  public void rollbackDone(ConsumerRecord<String, String> r) {
    inbox.<RollbackDone>receive(
        r,
        e -> {
          RollbackDone p = e.payload();
          saga.handle(e.updateId(), new Fact.RollbackDone(p.host(), p.service(), p.toDigest()));
        });
  }

  @Incoming(Topics.ROLLBACK_FAILED)
  @Blocking
  public void rollbackFailed(ConsumerRecord<String, String> r) {
    inbox.<RollbackFailed>receive(
        r,
        e -> {
          RollbackFailed p = e.payload();
          saga.handle(e.updateId(), new Fact.RollbackFailed(p.host(), p.service(), p.reason()));
        });
  }

  @Incoming(Topics.ROLLBACK_VERIFIED)
  @Blocking
  public void rollbackVerified(ConsumerRecord<String, String> r) {
    inbox.<RollbackVerified>receive(
        r,
        e ->
            saga.handle(
                e.updateId(),
                new Fact.RollbackConfirmed(e.payload().host(), e.payload().service(), "verified")));
  }

  @Incoming(Topics.ROLLBACK_UNRESOLVED)
  @Blocking
  public void rollbackUnresolved(ConsumerRecord<String, String> r) {
    inbox.<RollbackUnresolved>receive(
        r,
        e ->
            saga.handle(
                e.updateId(),
                new Fact.RollbackConfirmed(
                    e.payload().host(), e.payload().service(), "unresolved")));
  }

  @Incoming(Topics.RESTORE_DONE)
  @Blocking
  public void restoreDone(ConsumerRecord<String, String> r) {
    inbox.<RestoreDone>receive(
        r,
        e -> {
          RestoreDone p = e.payload();
          saga.handle(e.updateId(), new Fact.RestoreDone(p.host(), p.service()));
        });
  }

  @Incoming(Topics.RESTORE_FAILED)
  @Blocking
  public void restoreFailed(ConsumerRecord<String, String> r) {
    inbox.<RestoreFailed>receive(
        r,
        e -> {
          RestoreFailed p = e.payload();
          saga.handle(e.updateId(), new Fact.RestoreFailed(p.host(), p.service(), p.reason()));
        });
  }
}
