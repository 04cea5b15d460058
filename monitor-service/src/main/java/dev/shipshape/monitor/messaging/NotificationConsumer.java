package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.monitor.notify.Notifications;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Notifies the webhooks of rollbacks that did not help and of updates that failed. */
@ApplicationScoped
public class NotificationConsumer {
  private final EventInbox inbox;
  private final Notifications notifications;

  public NotificationConsumer(EventInbox inbox, Notifications notifications) {
    this.inbox = inbox;
    this.notifications = notifications;
  }

  @Incoming(Topics.ROLLBACK_UNRESOLVED)
  @Blocking
  public void unresolved(ConsumerRecord<String, String> record) {
    inbox.<RollbackUnresolved>receive(
        record,
        e ->
            notifications.queue(
                e,
                String.format(
                    "rollback of %s on %s did not stop the symptom (%s): the deploy was not the"
                        + " cause; %s",
                    e.payload().service(),
                    e.host(),
                    e.payload().criterion(),
                    e.payload().evidence())));
  }

  @Incoming(Topics.UPDATE_COMPLETED)
  @Blocking
  public void completed(ConsumerRecord<String, String> record) {
    inbox.<UpdateCompleted>receive(record, this::completed);
  }

  void completed(EventEnvelope<UpdateCompleted> e) {
    if ("failed".equalsIgnoreCase(e.payload().outcome())) {
      notifications.queue(
          e,
          String.format(
              "update %s of stack %s failed: %s",
              e.updateId(), e.payload().stack(), e.payload().summary()));
    }
  }
}
