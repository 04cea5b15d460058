package dev.shipshape.planner.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Takes update requests off Kafka; the same request id twice is one update. */
@ApplicationScoped
public class UpdateRequestConsumer {
  private static final Logger LOG = Logger.getLogger(UpdateRequestConsumer.class);

  private final EventInbox inbox;
  private final UpdateRequestRepository requests;

  public UpdateRequestConsumer(EventInbox inbox, UpdateRequestRepository requests) {
    this.inbox = inbox;
    this.requests = requests;
  }

  @Incoming(Topics.UPDATE_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<UpdateRequested>receive(record, this::record);
  }

  void record(EventEnvelope<UpdateRequested> event) {
    UpdateRequested request = event.payload();
    if (requests.findByRequestId(request.requestId()).isPresent()) {
      LOG.infof("request %s already known, ignoring the repeat", request.requestId());
      return;
    }
    UpdateRequestRecord row = new UpdateRequestRecord();
    row.updateId = event.updateId();
    row.requestId = request.requestId();
    row.stack = request.stack();
    row.requestedBy = request.requestedBy();
    row.reason = request.reason();
    row.status = "RECEIVED";
    row.receivedAt = Instant.now();
    requests.persist(row);
    LOG.infof("update %s received for stack %s from %s", row.updateId, row.stack, row.requestedBy);
  }
}
