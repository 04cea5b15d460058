package dev.shipshape.common.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.InvalidEventException;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeadLetter;
import dev.shipshape.common.persistence.DatabaseWait;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one way a service takes an event off Kafka: parse and validate it, skip it if this consumer
 * has seen its id, run the handler and mark it processed in one transaction. A message that is not
 * a valid event goes to the dead letters with the reason; the consumer keeps consuming.
 */
@ApplicationScoped
public class EventInbox {
  private static final Logger LOG = Logger.getLogger(EventInbox.class);
  private static final int MAX_VALUE_CHARS = 8_192;

  private final EntityManager em;
  private final Outbox outbox;
  private final String consumer;
  private final int attempts;
  private final Duration firstBackoff;

  public EventInbox(
      EntityManager em,
      Outbox outbox,
      @ConfigProperty(name = "quarkus.application.name") String consumer,
      @ConfigProperty(name = "shipshape.inbox.attempts", defaultValue = "8") int attempts,
      @ConfigProperty(name = "shipshape.inbox.first-backoff", defaultValue = "PT0.25S")
          Duration firstBackoff) {
    this.em = em;
    this.outbox = outbox;
    this.consumer = consumer;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
  }

  /**
   * Handles one record. Failures of the handler are retried with backoff; after the last attempt
   * the record is dead-lettered rather than stopping the consumer. While the database is
   * unreachable the record waits for it instead: an outage must not cost an event.
   */
  public <P extends Payload> void receive(
      ConsumerRecord<String, String> record, Consumer<EventEnvelope<P>> handler) {
    EventEnvelope<P> event;
    try {
      event = EventCodec.decode(record.topic(), record.value());
    } catch (InvalidEventException e) {
      LOG.warnf(
          "dead-lettering %s@%d/%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      withRetry(record, () -> deadLetter(record, e.getMessage()));
      return;
    }
    withRetry(record, () -> handleOnce(event, handler));
  }

  private <P extends Payload> void handleOnce(
      EventEnvelope<P> event, Consumer<EventEnvelope<P>> handler) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              int inserted =
                  em.createNativeQuery(
                          "INSERT INTO processed_event (consumer, event_id, topic, processed_at)"
                              + " VALUES (?1, ?2, ?3, now()) ON CONFLICT DO NOTHING")
                      .setParameter(1, consumer)
                      .setParameter(2, event.eventId())
                      .setParameter(3, event.topic())
                      .executeUpdate();
              if (inserted == 0) {
                LOG.debugf("already processed %s %s", event.type(), event.eventId());
                return;
              }
              handler.accept(event);
            });
  }

  private void deadLetter(ConsumerRecord<String, String> record, String reason) {
    String value = record.value();
    if (value != null && value.length() > MAX_VALUE_CHARS) {
      value = value.substring(0, MAX_VALUE_CHARS);
    }
    DeadLetter letter =
        DeadLetter.of(
            record.topic(),
            consumer,
            reason,
            record.key(),
            value,
            record.partition(),
            record.offset());
    JsonNode tree = readQuietly(record.value());
    String updateId = text(tree, "updateId", "unknown");
    String stack = text(tree, "stack", "unknown");
    QuarkusTransaction.requiringNew()
        .run(() -> outbox.publish(EventEnvelope.of(updateId, stack, null, letter)));
  }

  private void withRetry(ConsumerRecord<String, String> record, Runnable work) {
    // While the database is away the event is fine: this consumer pauses, nothing is dead-lettered.
    String what = "handling " + record.topic() + "@" + record.partition() + "/" + record.offset();
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        DatabaseWait.run(what, work);
        return;
      } catch (RuntimeException e) {
        if (attempt >= attempts) {
          LOG.errorf(
              e,
              "giving up on %s@%d/%d after %d attempts",
              record.topic(),
              record.partition(),
              record.offset(),
              attempt);
          deadLetter(record, "handler failed after " + attempt + " attempts: " + e);
          return;
        }
        LOG.warnf(
            "attempt %d on %s@%d/%d failed, retrying in %s: %s",
            attempt, record.topic(), record.partition(), record.offset(), backoff, e.getMessage());
        pause(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  private static JsonNode readQuietly(String json) {
    try {
      return json == null ? null : EventCodec.mapper().readTree(json);
    } catch (Exception e) {
      return null;
    }
  }

  private static String text(JsonNode tree, String field, String fallback) {
    return tree != null && tree.path(field).isTextual() ? tree.path(field).asText() : fallback;
  }
}
