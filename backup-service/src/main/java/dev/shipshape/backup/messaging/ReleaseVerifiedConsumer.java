package dev.shipshape.backup.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the last known-good release of each service, so retention can protect the backup that goes
 * with it.
 */
@ApplicationScoped
public class ReleaseVerifiedConsumer {
  private final EventInbox inbox;
  private final EntityManager em;

  public ReleaseVerifiedConsumer(EventInbox inbox, EntityManager em) {
    this.inbox = inbox;
    this.em = em;
  }

  @Incoming(Topics.RELEASE_VERIFIED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<ReleaseVerified>receive(record, this::record);
  }

  void record(EventEnvelope<ReleaseVerified> event) {
    ReleaseVerified r = event.payload();
    em.createNativeQuery(
            "INSERT INTO known_good (stack, host, service, image, digest, verified_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                + " ON CONFLICT (stack, host, service) DO UPDATE SET image = excluded.image,"
                + " digest = excluded.digest, verified_at = excluded.verified_at"
                + " WHERE known_good.verified_at <= excluded.verified_at")
        .setParameter(1, r.stack())
        .setParameter(2, r.host())
        .setParameter(3, r.service())
        .setParameter(4, r.image())
        .setParameter(5, r.digest())
        .setParameter(6, event.occurredAt())
        .executeUpdate();
  }
}
