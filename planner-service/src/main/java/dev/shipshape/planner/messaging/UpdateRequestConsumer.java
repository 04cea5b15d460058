package dev.shipshape.planner.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.planner.intake.UpdateIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Takes update requests off Kafka into the same intake as REST; a refusal is update.rejected. */
@ApplicationScoped
public class UpdateRequestConsumer {
  private final EventInbox inbox;
  private final UpdateIntake intake;

  public UpdateRequestConsumer(EventInbox inbox, UpdateIntake intake) {
    this.inbox = inbox;
    this.intake = intake;
  }

  @Incoming(Topics.UPDATE_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<UpdateRequested>receive(record, this::submit);
  }

  void submit(EventEnvelope<UpdateRequested> event) {
    intake.submit(event.payload(), event.updateId());
  }
}
