package dev.shipshape.monitor.watch;

import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WatchWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What a decided window says, recorded in the caller's transaction with the event {@link
 * WindowEvents} publishes for it: the release is known-good, a rollback (and its incident) is
 * triggered, or a rollback is verified or unresolved.
 */
@ApplicationScoped
public class Verdicts {
  private static final Logger LOG = Logger.getLogger(Verdicts.class);

  private final IncidentRepository incidents;
  private final WindowEvents events;

  public Verdicts(IncidentRepository incidents, WindowEvents events) {
    this.incidents = incidents;
    this.events = events;
  }

  public void releaseVerified(WatchWindow w) {
    events.releaseVerified(w);
    LOG.infof(
        "update %s: %s on %s passed its window: release %s is known-good",
        w.updateId, w.service, w.host, w.digest);
  }

  public void triggerRollback(WatchWindow w, Instant now) {
    Incident incident = new Incident();
    incident.updateId = w.updateId;
    incident.stack = w.stack;
    incident.host = w.host;
    incident.service = w.service;
    incident.fromDigest = w.digest;
    incident.toDigest = w.previousDigest;
    incident.criterion = w.criterion;
    incident.evidence = w.evidence;
    incident.detectedAt = now;
    incident.rollbackStartedAt = now;
    incident.detectionMillis = Duration.between(w.openedAt, now).toMillis();
    incident.requestedBy = RollbackTriggered.MONITOR;
    incidents.persist(incident);
    w.incidentId = incident.id;
    events.rollbackTriggered(w);
    LOG.infof(
        "update %s: %s on %s breached %s (%s): rollback to %s triggered",
        w.updateId,
        w.service,
        w.host,
        w.criterion,
        w.evidence,
        w.previousDigest == null ? "nothing (first deploy: remove)" : w.previousDigest);
  }

  public void rollbackVerified(WatchWindow w, Instant now) {
    Incident incident = w.incidentId == null ? null : incidents.findById(w.incidentId);
    long confirmedAfter = Duration.between(w.openedAt, now).toMillis();
    String criterion = incident == null ? "manual" : incident.criterion;
    if (incident != null) {
      incident.verified = true;
      incident.verifiedAt = now;
    }
    events.rollbackVerified(w, criterion, confirmedAfter);
    LOG.infof(
        "update %s: rollback of %s on %s verified: the symptom stopped",
        w.updateId, w.service, w.host);
  }

  public void unresolved(WatchWindow w, Instant now) {
    Incident incident = w.incidentId == null ? null : incidents.findById(w.incidentId);
    if (incident != null) {
      incident.verified = false;
      incident.verifiedAt = now;
    }
    events.rollbackUnresolved(w);
    LOG.warnf(
        "update %s: rollback of %s on %s did not stop the symptom (%s): the deploy was not the cause",
        w.updateId, w.service, w.host, w.evidence);
  }
}
