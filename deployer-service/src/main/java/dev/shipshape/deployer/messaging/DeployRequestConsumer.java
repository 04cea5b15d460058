package dev.shipshape.deployer.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes deploy commands off Kafka. Every agent reads the whole topic (one consumer group per host)
 * and acts only on commands for its own host.
 */
@ApplicationScoped
public class DeployRequestConsumer {
  private static final Logger LOG = Logger.getLogger(DeployRequestConsumer.class);

  private final EventInbox inbox;
  private final DeployJobRepository jobs;
  private final String hostId;

  public DeployRequestConsumer(
      EventInbox inbox,
      DeployJobRepository jobs,
      @ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.inbox = inbox;
    this.jobs = jobs;
    this.hostId = hostId;
  }

  @Incoming(Topics.DEPLOY_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<DeployRequested>receive(record, this::record);
  }

  void record(EventEnvelope<DeployRequested> event) {
    DeployRequested command = event.payload();
    if (!hostId.equals(command.host())) {
      return;
    }
    DeployJob job = new DeployJob();
    job.eventId = event.eventId();
    job.updateId = event.updateId();
    job.stack = command.stack();
    job.host = command.host();
    job.service = command.service();
    job.image = command.spec().image();
    job.status = "REQUESTED";
    job.requestedAt = Instant.now();
    jobs.persist(job);
    LOG.infof("update %s: deploy of %s as %s requested", job.updateId, job.service, job.image);
  }
}
