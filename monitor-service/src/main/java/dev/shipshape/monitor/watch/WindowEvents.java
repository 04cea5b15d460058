package dev.shipshape.monitor.watch;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.RollbackVerified;
import dev.shipshape.common.messaging.Outbox;
import dev.shipshape.monitor.persistence.WatchWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The events a decided window publishes ({@code release.verified}, {@code rollback.triggered},
 * {@code rollback.verified}, {@code rollback.unresolved}), written to the outbox in the caller's
 * transaction; the per-check {@code monitor.health} goes through {@link HealthEvents}.
 */
@ApplicationScoped
public class WindowEvents {
  private final Outbox outbox;

  public WindowEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  void releaseVerified(WatchWindow w) {
    publish(
        w,
        ReleaseVerified.of(
            w.stack,
            w.host,
            w.service,
            w.image == null ? "" : w.image,
            w.digest,
            Duration.between(w.openedAt, w.endsAt).toString()));
  }

  void rollbackTriggered(WatchWindow w) {
    publish(
        w,
        RollbackTriggered.byMonitor(
            w.stack,
            w.host,
            w.service,
            w.criterion,
            w.evidence,
            w.previousImage,
            w.previousDigest));
  }

  void rollbackVerified(WatchWindow w, String criterion, long confirmedAfterMillis) {
    publish(w, RollbackVerified.of(w.stack, w.host, w.service, criterion, confirmedAfterMillis));
  }

  void rollbackUnresolved(WatchWindow w) {
    publish(w, RollbackUnresolved.of(w.stack, w.host, w.service, w.criterion, w.evidence));
  }

  private void publish(WatchWindow w, Payload payload) {
    outbox.publish(EventEnvelope.of(w.updateId, w.stack, w.host, payload));
  }
}
