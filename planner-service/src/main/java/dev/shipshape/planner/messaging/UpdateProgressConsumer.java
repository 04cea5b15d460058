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
import dev.shipshape.planner.saga.SagaEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The other services' answers that move updates along, each through the idempotent inbox. */
@ApplicationScoped
public class UpdateProgressConsumer {
  private final EventInbox inbox;
  private final SagaEvents saga;

  public UpdateProgressConsumer(EventInbox inbox, SagaEvents saga) {
    this.inbox = inbox;
    this.saga = saga;
  }

  @Incoming(Topics.BACKUP_VERIFIED)
  @Blocking
  public void backupVerified(ConsumerRecord<String, String> r) {
    inbox.<BackupVerified>receive(r, saga::backupVerified);
  }

  @Incoming(Topics.BACKUP_FAILED)
  @Blocking
  public void backupFailed(ConsumerRecord<String, String> r) {
    inbox.<BackupFailed>receive(r, saga::backupFailed);
  }

  @Incoming(Topics.DEPLOY_DONE)
  @Blocking
  public void deployDone(ConsumerRecord<String, String> r) {
    inbox.<DeployDone>receive(r, saga::deployDone);
  }

  @Incoming(Topics.DEPLOY_FAILED)
  @Blocking
  public void deployFailed(ConsumerRecord<String, String> r) {
    inbox.<DeployFailed>receive(r, saga::deployFailed);
  }

  @Incoming(Topics.RELEASE_VERIFIED)
  @Blocking
  public void releaseVerified(ConsumerRecord<String, String> r) {
    inbox.<ReleaseVerified>receive(r, saga::releaseVerified);
  }

  @Incoming(Topics.ROLLBACK_TRIGGERED)
  @Blocking
  public void rollbackTriggered(ConsumerRecord<String, String> r) {
    inbox.<RollbackTriggered>receive(r, saga::rollbackTriggered);
  }

  @Incoming(Topics.ROLLBACK_DONE)
  @Blocking
  public void rollbackDone(ConsumerRecord<String, String> r) {
    inbox.<RollbackDone>receive(r, saga::rollbackDone);
  }

  @Incoming(Topics.ROLLBACK_FAILED)
  @Blocking
  public void rollbackFailed(ConsumerRecord<String, String> r) {
    inbox.<RollbackFailed>receive(r, saga::rollbackFailed);
  }

  @Incoming(Topics.ROLLBACK_VERIFIED)
  @Blocking
  public void rollbackVerified(ConsumerRecord<String, String> r) {
    inbox.<RollbackVerified>receive(
        r,
        e ->
            saga.rollbackConfirmed(
                e.updateId(), e.payload().host(), e.payload().service(), "verified"));
  }

  @Incoming(Topics.ROLLBACK_UNRESOLVED)
  @Blocking
  public void rollbackUnresolved(ConsumerRecord<String, String> r) {
    inbox.<RollbackUnresolved>receive(
        r,
        e ->
            saga.rollbackConfirmed(
                e.updateId(), e.payload().host(), e.payload().service(), "unresolved"));
  }

  @Incoming(Topics.RESTORE_DONE)
  @Blocking
  public void restoreDone(ConsumerRecord<String, String> r) {
    inbox.<RestoreDone>receive(r, saga::restoreDone);
  }

  @Incoming(Topics.RESTORE_FAILED)
  @Blocking
  public void restoreFailed(ConsumerRecord<String, String> r) {
    inbox.<RestoreFailed>receive(r, saga::restoreFailed);
  }
}
