package dev.shipshape.backup.messaging;

import dev.shipshape.backup.job.Retention;
import dev.shipshape.backup.persistence.UpdateEnds;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Notes that an update ended, so its backups are no longer protected from retention, and applies
 * retention to the services it backed up.
 */
@ApplicationScoped
public class UpdateCompletedConsumer {
  private static final Logger LOG = Logger.getLogger(UpdateCompletedConsumer.class);

  private final EventInbox inbox;
  private final UpdateEnds updateEnds;
  private final Retention retention;

  public UpdateCompletedConsumer(EventInbox inbox, UpdateEnds updateEnds, Retention retention) {
    this.inbox = inbox;
    this.updateEnds = updateEnds;
    this.retention = retention;
  }

  @Incoming(Topics.UPDATE_COMPLETED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    String[] ended = new String[1];
    inbox.<UpdateCompleted>receive(
        record,
        event -> {
          updateEnds.record(event.updateId(), event.payload().outcome());
          ended[0] = event.updateId();
        });
    if (ended[0] != null) {
      // After the inbox's commit: retention deletes S3 objects, which no transaction can undo.
      try {
        retention.updateEnded(ended[0]);
      } catch (RuntimeException e) {
        LOG.warnf(
            "update %s ended; retention will run with the next backup: %s",
            ended[0], e.getMessage());
      }
    }
  }
}
