package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Payloads.UpdatePlanned;
import dev.shipshape.common.event.Payloads.UpdateRejected;
import dev.shipshape.common.messaging.Outbox;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Every event the planner publishes about an update — its verdict, its commands to the other
 * services, its end — written to the outbox in the caller's transaction.
 */
@ApplicationScoped
public class UpdateEvents {
  /** Who the planner's own rollbacks name as their requester. */
  public static final String PLANNER = "shipshape-planner";

  private final Outbox outbox;

  public UpdateEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  /** The request was refused; {@code stackKey} stands in for a stack the request did not name. */
  public void rejected(UpdateRequestRecord u, String stackKey, List<Problem> problems) {
    outbox.publish(
        EventEnvelope.of(
            u.updateId, stackKey, null, UpdateRejected.of(u.requestId, stackKey, problems)));
  }

  public void planned(UpdateRequestRecord u, List<Wave> plan) {
    send(u, null, UpdatePlanned.of(u.stack, u.environment, plan));
  }

  void backup(UpdateRequestRecord u, UpdateBackup b) {
    send(
        u,
        b.host,
        BackupRequested.of(u.stack, b.host, b.service, b.kind, b.container, b.image, b.mode));
  }

  void deploy(UpdateRequestRecord u, UpdateStep s) {
    send(
        u,
        s.host,
        DeployRequested.of(
            u.stack,
            s.host,
            s.service,
            StoredJson.read(s.spec, ServiceSpec.class),
            Strategy.valueOf(s.strategy),
            false,
            s.migration == null ? null : StoredJson.read(s.migration, Migration.class)));
  }

  /**
   * Returns the event id, so the planner can tell its own rollback from anybody else's. An
   * operator's rollback names the operator; any other undo is a compensation by the planner.
   */
  String rollback(UpdateRequestRecord u, UpdateStep s, String why, String operator) {
    return send(
        u,
        s.host,
        operator == null
            ? RollbackTriggered.compensation(
                u.stack, s.host, s.service, why, s.previousImage, s.previousDigest, PLANNER)
            : RollbackTriggered.byOperator(
                u.stack, s.host, s.service, why, s.previousImage, s.previousDigest, operator));
  }

  void restore(UpdateRequestRecord u, UpdateBackup b, String why) {
    send(u, b.host, RestoreRequested.of(u.stack, b.host, b.service, b.backupId, why));
  }

  /** How the update ended, timed from its receipt to its completion. */
  public void completed(UpdateRequestRecord u) {
    long millis = Duration.between(u.receivedAt, u.completedAt).toMillis();
    send(u, null, UpdateCompleted.of(u.stack, u.outcome.wire(), u.summary, millis));
  }

  private String send(UpdateRequestRecord u, String host, Payload payload) {
    EventEnvelope<Payload> event = EventEnvelope.of(u.updateId, u.stack, host, payload);
    outbox.publish(event);
    return event.eventId();
  }
}
