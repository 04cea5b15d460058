package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Webhook deliveries; due ones are claimed with a lease so that replicas never send one twice. */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, Long> {
  @SuppressWarnings("unchecked")
  public List<WebhookDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
    List<WebhookDelivery> due =
        getEntityManager()
            .createNativeQuery(
                "SELECT * FROM webhook_delivery WHERE delivered_at IS NULL AND failed_at IS NULL"
                    + " AND next_at <= ?1 ORDER BY next_at LIMIT ?2 FOR UPDATE SKIP LOCKED",
                WebhookDelivery.class)
            .setParameter(1, now)
            .setParameter(2, limit)
            .getResultList();
    due.forEach(d -> d.nextAt = leaseUntil);
    return due;
  }
}
