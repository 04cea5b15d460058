package dev.shipshape.deployer.messaging;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.deployer.job.JobQueue;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes deploy commands off Kafka into the job journal. Every agent reads the whole topic (one
 * consumer group per host) and queues only the commands for its own host.
 */
@ApplicationScoped
public class DeployRequestConsumer {
  private final EventInbox inbox;
  private final JobQueue queue;

  public DeployRequestConsumer(EventInbox inbox, JobQueue queue) {
    this.inbox = inbox;
    this.queue = queue;
  }

  @Incoming(Topics.DEPLOY_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    if (!queue.forOtherHost(record)) {
      inbox.<DeployRequested>receive(record, this::queue);
    }
  }

  void queue(EventEnvelope<DeployRequested> event) {
    DeployRequested command = event.payload();
    queue.add(
        event,
        Kind.DEPLOY,
        command.host(),
        command.stack(),
        command.service(),
        command.spec().image(),
        EventCodec.toJson(command));
  }
}
