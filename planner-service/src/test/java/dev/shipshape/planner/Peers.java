package dev.shipshape.planner;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Plays the backup service, the host agents and the monitor over the real broker: reads what the
 * planner sends (from the moment it is made, so earlier runs do not count) and answers with the
 * events those services would send, through a plain Kafka client.
 */
final class Peers implements AutoCloseable {
  static final List<String> WATCHED =
      List.of(
          Topics.BACKUP_REQUESTED,
          Topics.DEPLOY_REQUESTED,
          Topics.ROLLBACK_TRIGGERED,
          Topics.RESTORE_REQUESTED,
          Topics.UPDATE_COMPLETED,
          Topics.UPDATE_PLANNED);

  private final KafkaConsumer<String, String> consumer;
  private final KafkaProbe probe;
  private final List<EventEnvelope<?>> seen = new ArrayList<>();
  private final Set<String> taken = new HashSet<>();

  Peers(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : WATCHED) {
      consumer
          .partitionsFor(topic)
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before the test acts
    probe = new KafkaProbe(bootstrap);
  }

  /** The next event on the topic for the update that matches and was not taken yet. */
  @SuppressWarnings("unchecked")
  <P extends Payload> EventEnvelope<P> next(
      String topic, String updateId, Predicate<P> match, Duration bound) {
    Instant deadline = Instant.now().plus(bound);
    while (true) {
      for (EventEnvelope<?> e : seen) {
        if (e.type().equals(topic)
            && e.updateId().equals(updateId)
            && !taken.contains(e.eventId())
            && match.test((P) e.payload())) {
          taken.add(e.eventId());
          return (EventEnvelope<P>) e;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no "
                + topic
                + " for update "
                + updateId
                + " within "
                + bound
                + "; seen "
                + of(updateId));
      }
      poll();
    }
  }

  <P extends Payload> EventEnvelope<P> next(String topic, String updateId) {
    return next(topic, updateId, p -> true, Duration.ofSeconds(30));
  }

  /** Everything seen so far for the update, as "topic host/service" lines. */
  List<EventEnvelope<?>> of(String updateId) {
    poll();
    return seen.stream().filter(e -> e.updateId().equals(updateId)).toList();
  }

  List<EventEnvelope<?>> of(String updateId, String topic) {
    return of(updateId).stream().filter(e -> e.type().equals(topic)).toList();
  }

  /** Sends an event as another service would; returns it so a test can send it again. */
  <P extends Payload> EventEnvelope<P> answer(String updateId, String stack, String host, P p) {
    EventEnvelope<P> event = EventEnvelope.of(updateId, stack, host, p);
    resend(event);
    return event;
  }

  void resend(EventEnvelope<?> event) {
    probe.send(
        event.topic(),
        event.key(),
        EventCodec.toJson(event),
        EventCodec.cloudEventHeaders(event, "/test/peers"));
  }

  private void poll() {
    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
      try {
        seen.add(EventCodec.decode(r.topic(), r.value()));
      } catch (RuntimeException e) {
        // Another run's malformed test input; not ours.
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
    probe.close();
  }
}
