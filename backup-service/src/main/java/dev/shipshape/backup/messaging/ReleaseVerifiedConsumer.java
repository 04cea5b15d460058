package dev.shipshape.backup.messaging;

import dev.shipshape.backup.persistence.KnownGoodReleases;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the last known-good release of each service, so retention can protect the backup that goes
 * with it.
 */
@ApplicationScoped
public class ReleaseVerifiedConsumer {
  private final EventInbox inbox;
  private final KnownGoodReleases knownGood;

  public ReleaseVerifiedConsumer(EventInbox inbox, KnownGoodReleases knownGood) {
    this.inbox = inbox;
    this.knownGood = knownGood;
  }

  @Incoming(Topics.RELEASE_VERIFIED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<ReleaseVerified>receive(record, this::record);
  }

  void record(EventEnvelope<ReleaseVerified> event) {
    ReleaseVerified r = event.payload();
    knownGood.record(r.stack(), r.host(), r.service(), r.image(), r.digest(), event.occurredAt());
  }
}
