package dev.shipshape.planner;

import static io.restassured.RestAssured.given;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.PlannerApi;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * bench/planner: one update of a 10,000-host stack planned, persisted and dispatched as
 * deploy.requested events by the planner running as its own process, against a raw Kafka producer
 * sending the same number of records of the same size with the same durability (acks=all,
 * idempotent), in the same run on the same broker. Run by bench/planner/run.
 */
public final class PlannerBench {
  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    String bootstrap = infra.get("KAFKA_BOOTSTRAP_SERVERS");
    String stack = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> names =
        IntStream.range(0, hosts).mapToObj(i -> String.format("bench-host-%05d", i)).toList();
    try (ServiceProcess planner =
            new ServiceProcess(
                    "planner",
                    "planner_bench",
                    Map.of("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID", "planner-bench"))
                .start();
        KafkaProbe peers = new KafkaProbe(bootstrap);
        KafkaConsumer<String, String> deploys = tail(bootstrap, Topics.DEPLOY_REQUESTED)) {
      PlannerApi.putStack(
          admin(planner),
          stack,
          "services:\n  agent: {image: 'ghcr.io/acme/agent:1.0.0'}\n",
          "staging",
          names);
      UpdateRequested request =
          PlannerApi.request(
              stack,
              Map.of("agent", new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null)),
              null,
              new Rollout(List.of(names.get(0)), hosts, 1, "PT1S"),
              "bench",
              "10k-host rollout");
      long t0 = System.nanoTime();
      String id = PlannerApi.submit(admin(planner), request);
      long planned = System.nanoTime() - t0;
      List<String> canary = read(deploys, id, 1);
      // Play the canary's agent and monitor, so the second wave — every other host — goes out.
      String host = names.get(0);
      send(
          peers,
          id,
          stack,
          host,
          DeployDone.of(
              stack, host, "agent", null, null, "a", "sha256:x", List.of(), Map.of(), null));
      send(peers, id, stack, host, ReleaseVerified.of(stack, host, "agent", "a", "sha256:x", "1s"));
      long t1 = System.nanoTime();
      List<String> wave = read(deploys, id, hosts - 1);
      long dispatched = System.nanoTime() - t1;
      int size = wave.get(0).length();

      long raw = rawProducer(bootstrap, hosts - 1, size);

      double shipshapeRate = (hosts - 1) / (dispatched / 1e9);
      double rawRate = (hosts - 1) / (raw / 1e9);
      System.out.printf(
          Locale.ROOT, "hosts %d, one service; deploy.requested value %d bytes%n", hosts, size);
      System.out.printf(
          Locale.ROOT,
          "plan + persist + first wave (POST /api/updates → 202): %d ms, canary command read"
              + " back%n",
          planned / 1_000_000);
      System.out.printf(
          Locale.ROOT,
          "second wave of %d hosts: release.verified sent → every deploy.requested read back: %d ms"
              + " = %.0f events/s%n",
          hosts - 1,
          dispatched / 1_000_000,
          shipshapeRate);
      System.out.printf(
          Locale.ROOT,
          "raw producer, same count and size, acks=all, idempotent, every ack awaited: %d ms = %.0f"
              + " events/s%n",
          raw / 1_000_000,
          rawRate);
      System.out.printf(Locale.ROOT, "canary commands: %d%n", canary.size());
      System.out.printf(Locale.ROOT, "planner/raw = %.2fx%n", shipshapeRate / rawRate);
    }
  }

  private static RequestSpecification admin(ServiceProcess planner) {
    return given().baseUri(planner.baseUrl()).header("Authorization", "Bearer " + TestTokens.ADMIN);
  }

  private static void send(
      KafkaProbe kafka,
      String id,
      String stack,
      String host,
      dev.shipshape.common.event.Payload p) {
    EventEnvelope<?> e = EventEnvelope.of(id, stack, host, p);
    kafka.send(e.topic(), e.key(), EventCodec.toJson(e), EventCodec.cloudEventHeaders(e, "/bench"));
  }

  private static KafkaConsumer<String, String> tail(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    return c;
  }

  private static List<String> read(KafkaConsumer<String, String> c, String id, int count) {
    List<String> values = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (values.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + values.size() + " of " + count + " commands");
      }
      for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
        if (r.value().contains(id)) {
          values.add(r.value());
        }
      }
    }
    return values;
  }

  private static long rawProducer(String bootstrap, int count, int size) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    String value = "x".repeat(size);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("bench.raw", "warm", value)).get();
      long t0 = System.nanoTime();
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        acks.add(producer.send(new ProducerRecord<>("bench.raw", "bench-host-" + i, value)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      return System.nanoTime() - t0;
    }
  }
}
