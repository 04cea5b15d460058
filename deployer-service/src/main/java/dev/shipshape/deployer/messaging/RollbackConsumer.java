package dev.shipshape.deployer.messaging;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.deployer.job.JobQueue;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Takes rollback commands (automatic or manual) for this host into the job journal. */
@ApplicationScoped
public class RollbackConsumer {
  private final EventInbox inbox;
  private final JobQueue queue;

  public RollbackConsumer(EventInbox inbox, JobQueue queue) {
    this.inbox = inbox;
    this.queue = queue;
  }

  @Incoming(Topics.ROLLBACK_TRIGGERED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    if (!queue.forOtherHost(record)) {
      inbox.<RollbackTriggered>receive(record, this::queue);
    }
  }

  void queue(EventEnvelope<RollbackTriggered> event) {
    RollbackTriggered command = event.payload();
    String image = command.targetImage() != null ? command.targetImage() : "(known-good release)";
    queue.add(
        event,
        Kind.ROLLBACK,
        command.host(),
        command.stack(),
        command.service(),
        image,
        EventCodec.toJson(command));
  }
}
