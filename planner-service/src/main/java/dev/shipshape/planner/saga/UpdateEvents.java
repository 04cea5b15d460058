package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.messaging.Outbox;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;

/** The commands the planner sends, written to the outbox in the caller's transaction. */
@ApplicationScoped
public class Commands {
  /** Who the planner's own rollbacks name as their requester. */
  public static final String PLANNER = "shipshape-planner";

  private final Outbox outbox;

  public Commands(Outbox outbox) {
    this.outbox = outbox;
  }

  void backup(UpdateRequestRecord u, UpdateBackup b) {
    send(
        u,
        b.host,
        new BackupRequested(u.stack, b.host, b.service, b.kind, b.container, b.image, b.mode));
  }

  void deploy(UpdateRequestRecord u, UpdateStep s) {
    send(
        u,
        s.host,
        new DeployRequested(
            u.stack,
            s.host,
            s.service,
            read(s.spec, ServiceSpec.class),
            Strategy.valueOf(s.strategy),
            false,
            s.migration == null ? null : read(s.migration, Migration.class)));
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
    send(u, b.host, new RestoreRequested(u.stack, b.host, b.service, b.backupId, why));
  }

  void completed(UpdateRequestRecord u) {
    long millis = Duration.between(u.receivedAt, u.completedAt).toMillis();
    send(u, null, new UpdateCompleted(u.stack, u.outcome.wire(), u.summary, millis));
  }

  private String send(UpdateRequestRecord u, String host, Payload payload) {
    EventEnvelope<Payload> event = EventEnvelope.of(u.updateId, u.stack, host, payload);
    outbox.publish(event);
    return event.eventId();
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return EventCodec.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName() + ": " + e, e);
    }
  }
}
