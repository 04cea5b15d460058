package dev.shipshape.deployer.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.deployer.persistence.ReleaseRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Marks a release known-good once its watching window passed clean: rollbacks prefer it. */
@ApplicationScoped
public class ReleaseVerifiedConsumer {
  private final EventInbox inbox;
  private final ReleaseRepository releases;
  private final String hostId;

  public ReleaseVerifiedConsumer(
      EventInbox inbox,
      ReleaseRepository releases,
      @ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.inbox = inbox;
    this.releases = releases;
    this.hostId = hostId;
  }

  @Incoming(Topics.RELEASE_VERIFIED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<ReleaseVerified>receive(record, this::mark);
  }

  void mark(EventEnvelope<ReleaseVerified> event) {
    ReleaseVerified verified = event.payload();
    if (!hostId.equals(verified.host())) {
      return;
    }
    releases.update(
        "knownGood = true where stack = ?1 and service = ?2 and (digest = ?3 or imageId = ?3)",
        verified.stack(),
        verified.service(),
        verified.digest());
  }
}
