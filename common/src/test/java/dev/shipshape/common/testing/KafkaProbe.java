package dev.shipshape.common.testing;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests, independent of Shipshape's own messaging: publishes raw records
 * and waits, with a bound, for a record that matches.
 */
public final class KafkaProbe implements AutoCloseable {
  private final String bootstrap;
  private final KafkaProducer<String, String> producer;

  public KafkaProbe(String bootstrap) {
    this.bootstrap = bootstrap;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  public void send(String topic, String key, String value, Map<String, String> headers) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    headers.forEach(
        (k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish to " + topic, e);
    }
  }

  /** Publishes the event as the services do: its topic and key, JSON, CloudEvents headers. */
  public void publish(EventEnvelope<? extends Payload> event) {
    send(
        event.topic(),
        event.key(),
        EventCodec.toJson(event),
        EventCodec.cloudEventHeaders(event, "/test"));
  }

  /**
   * Publishes a command of a new update, as the planner sends it to one host, and returns the
   * update's id to await its answer by.
   */
  public String command(String stack, String host, Payload payload) {
    String updateId = UUID.randomUUID().toString();
    publish(EventEnvelope.of(updateId, stack, host, payload));
    return updateId;
  }

  /** The payload of the first event on {@code topic} that belongs to the update. */
  public <P extends Payload> P awaitPayload(String topic, String updateId, Duration bound) {
    ConsumerRecord<String, String> record =
        await(
            topic,
            r -> r.value() != null && r.value().contains("\"updateId\":\"" + updateId + "\""),
            bound);
    EventEnvelope<P> event = EventCodec.decode(topic, record.value());
    return event.payload();
  }

  /** Reads the topic from the beginning until a record matches or the bound passes. */
  public ConsumerRecord<String, String> await(
      String topic, Predicate<ConsumerRecord<String, String>> match, Duration bound) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Instant deadline = Instant.now().plus(bound);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
          if (match.test(r)) {
            return r;
          }
          if (seen.size() < 5) {
            seen.add(String.valueOf(r.value()));
          }
        }
      }
    }
    throw new AssertionError(
        "no matching record on " + topic + " within " + bound + "; first seen: " + seen);
  }

  /** Every record on the topic right now, read from the beginning. */
  public List<ConsumerRecord<String, String>> all(String topic) {
    return since(topic, Map.of());
  }

  /** Where each partition of the topic ends now: mark the start of a test with it. */
  public Map<org.apache.kafka.common.TopicPartition, Long> ends(String topic) {
    try (KafkaConsumer<String, String> consumer = assignedConsumer()) {
      return consumer.endOffsets(partitionsOf(consumer, topic));
    }
  }

  /** Every record after the given ends (a partition not given: from its start), up to now. */
  public List<ConsumerRecord<String, String>> since(
      String topic, Map<org.apache.kafka.common.TopicPartition, Long> from) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = assignedConsumer()) {
      List<org.apache.kafka.common.TopicPartition> partitions = partitionsOf(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions.stream().filter(tp -> !from.containsKey(tp)).toList());
      partitions.stream().filter(from::containsKey).forEach(tp -> consumer.seek(tp, from.get(tp)));
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plusSeconds(30);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private KafkaConsumer<String, String> assignedConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static List<org.apache.kafka.common.TopicPartition> partitionsOf(
      KafkaConsumer<String, String> consumer, String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition()))
        .toList();
  }

  @Override
  public void close() {
    producer.close();
  }
}
