package dev.shipshape.monitor.notify;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.WebhookDelivery;
import dev.shipshape.monitor.persistence.WebhookDeliveryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queues a notification for every configured webhook inside the caller's transaction (like the
 * outbox), so that deciding never waits on a webhook; {@link WebhookSender} delivers them.
 */
@ApplicationScoped
public class Notifications {
  private final WebhookDeliveryRepository deliveries;
  private final List<String> urls;

  public Notifications(WebhookDeliveryRepository deliveries, MonitorSettings settings) {
    this.deliveries = deliveries;
    this.urls =
        settings.webhooks().orElse(List.of()).stream()
            .map(String::trim)
            .filter(u -> !u.isEmpty())
            .toList();
  }

  /** Queues {@code kind} (e.g. rollback.triggered) about the event, with a one-line summary. */
  @Transactional(TxType.MANDATORY)
  public void queue(EventEnvelope<?> event, String summary) {
    if (urls.isEmpty()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", event.type());
    body.put("summary", summary);
    body.put("eventId", event.eventId());
    body.put("updateId", event.updateId());
    body.put("stack", event.stack());
    body.put("host", event.host());
    body.put("occurredAt", String.valueOf(event.occurredAt()));
    body.put("event", event.payload());
    String json = EventCodec.toJson(body);
    Instant now = Instant.now();
    for (String url : urls) {
      if (deliveries.count("eventId = ?1 and url = ?2", event.eventId(), url) > 0) {
        continue;
      }
      WebhookDelivery d = new WebhookDelivery();
      d.eventId = event.eventId();
      d.url = url;
      d.body = json;
      d.nextAt = now;
      deliveries.persist(d);
    }
  }
}
