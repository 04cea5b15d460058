package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.watch.Windows;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A rollback is done when the symptom has stopped, not when the old container starts: this opens
 * the confirmation window and closes the rollback part of the incident.
 */
@ApplicationScoped
public class RollbackDoneConsumer {
  private final EventInbox inbox;
  private final Windows windows;
  private final IncidentRepository incidents;
  private final MonitorSettings settings;

  public RollbackDoneConsumer(
      EventInbox inbox, Windows windows, IncidentRepository incidents, MonitorSettings settings) {
    this.inbox = inbox;
    this.windows = windows;
    this.incidents = incidents;
    this.settings = settings;
  }

  @Incoming(Topics.ROLLBACK_DONE)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<RollbackDone>receive(record, this::confirm);
  }

  void confirm(EventEnvelope<RollbackDone> event) {
    RollbackDone done = event.payload();
    Incident incident =
        incidents.awaitingRollback(done.stack(), done.host(), done.service()).orElse(null);
    if (incident != null) {
      incident.rollbackDoneAt = Instant.now();
      incident.rollbackMillis =
          Duration.between(incident.detectedAt, incident.rollbackDoneAt).toMillis();
      incident.toDigest = done.toDigest();
    }
    WatchWindow w =
        windows.open(
            event,
            WatchWindow.Kind.ROLLBACK,
            done.stack(),
            done.host(),
            done.service(),
            null,
            done.toDigest(),
            null,
            null,
            settings.confirmPeriod());
    w.incidentId = incident == null ? null : incident.id;
  }
}
