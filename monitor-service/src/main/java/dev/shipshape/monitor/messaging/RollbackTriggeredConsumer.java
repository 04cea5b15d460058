package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.monitor.notify.Notifications;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import dev.shipshape.monitor.watch.WatchMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * A manual rollback (an operator's, through the planner's REST API or CLI: {@link
 * RollbackTriggered#byOperator}) opens an incident like an automatic one, so that its {@code
 * rollback.done} is confirmed and verified the same way. The monitor's own rollbacks already have
 * their incident, and the planner's compensations belong to the incident that caused them; both are
 * left alone. Every rollback is notified.
 */
@ApplicationScoped
public class RollbackTriggeredConsumer {
  private static final Logger LOG = Logger.getLogger(RollbackTriggeredConsumer.class);

  private final EventInbox inbox;

  private final IncidentRepository incidents;
  private final WatchWindowRepository windows;
  private final Notifications notifications;
  private final WatchMetrics metrics;

  public RollbackTriggeredConsumer(
      EventInbox inbox,
      IncidentRepository incidents,
      WatchWindowRepository windows,
      Notifications notifications,
      WatchMetrics metrics) {
    this.metrics = metrics;
    this.inbox = inbox;
    this.incidents = incidents;
    this.windows = windows;
    this.notifications = notifications;
  }

  @Incoming(Topics.ROLLBACK_TRIGGERED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<RollbackTriggered>receive(record, this::record);
  }

  void record(EventEnvelope<RollbackTriggered> event) {
    RollbackTriggered t = event.payload();
    notifications.queue(
        event,
        String.format(
            "%s rollback of %s on %s (%s) to %s: %s",
            t.manual() ? "manual" : "automatic",
            t.service(),
            t.host(),
            t.criterion(),
            t.targetDigest() == null ? "nothing (first deploy: removed)" : t.targetDigest(),
            t.evidence()));
    if (!t.manual()) {
      return; // ours: the incident was written with the event, in the same transaction
    }
    Instant now = Instant.now();
    String fromDigest = null;
    for (WatchWindow open : windows.open(t.stack(), t.host(), t.service())) {
      // The operator decided; the deploy window must not trigger a second rollback.
      open.status = WatchWindow.Status.CLOSED;
      open.criterion = "manual-rollback";
      open.evidence = "superseded by the manual rollback requested by " + t.requestedBy();
      open.closedAt = now;
      fromDigest = open.digest;
    }
    if (fromDigest == null) {
      // A release whose window has ended (an operator's second thoughts after it was verified):
      // what runs is what the service's newest window watched.
      fromDigest = windows.latest(t.stack(), t.host(), t.service()).map(w -> w.digest).orElse(null);
    }
    if (RollbackTriggered.COMPENSATION.equals(t.criterion())) {
      // The planner undoing the rest of a failed wave: part of the incident that caused it, which
      // is already recorded, not an incident of its own.
      return;
    }
    Incident incident = new Incident();
    incident.updateId = event.updateId();
    incident.stack = t.stack();
    incident.host = t.host();
    incident.service = t.service();
    incident.fromDigest = fromDigest;
    incident.toDigest = t.targetDigest();
    incident.criterion =
        t.criterion() == null || t.criterion().isBlank() ? "manual" : t.criterion();
    incident.evidence = t.evidence();
    incident.detectedAt = event.occurredAt() == null ? now : event.occurredAt();
    incident.rollbackStartedAt = incident.detectedAt;
    incident.detectionMillis = 0L;
    incident.detectedBy = "manual";
    incident.requestedBy = t.requestedBy();
    incidents.persist(incident);
    metrics.rollback(true, null);
    LOG.infof(
        "update %s: manual rollback of %s on %s requested by %s (%s): incident %d opened",
        event.updateId(), t.service(), t.host(), t.requestedBy(), incident.criterion, incident.id);
  }
}
