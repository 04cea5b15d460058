package dev.shipshape.deployer;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * bench/deployer: the engine's raw create + start + first healthy for an image, against Shipshape's
 * deploy and rollback of the same image measured end to end (command published → outcome event read
 * back), in the same run on the same engine. Run by bench/deployer/run.
 */
public final class DeployerBench {
  private static final String V1 = "localhost/shipshape/httpd:1.0.0";
  private static final String V2 = "localhost/shipshape/httpd:1.1.0";

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    String host = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    String stack = "bench" + UUID.randomUUID().toString().substring(0, 6);
    try (DockerClient docker = EngineClients.connect(infra.get("DOCKER_HOST_1"));
        KafkaProbe kafka = new KafkaProbe(infra.get("KAFKA_BOOTSTRAP_SERVERS"));
        KafkaConsumer<String, String> outcomes = outcomes(infra.get("KAFKA_BOOTSTRAP_SERVERS"));
        AgentProcess agent = new AgentProcess(infra, host, 1)) {
      agent.start(null);
      List<Long> raw = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        raw.add(RawEngine.createStartHealthy(docker, i % 2 == 0 ? V1 : V2, "bench-raw-" + stack));
      }
      // The first deploy creates the service; every later one is a full start-first swap.
      roundTrip(kafka, outcomes, deploy(stack, host, V1), Topics.DEPLOY_DONE);
      List<Long> deploys = new ArrayList<>();
      List<Long> rollbacks = new ArrayList<>();
      Map<String, List<Long>> phases = new java.util.LinkedHashMap<>();
      for (int i = 0; i < rounds; i++) {
        deploys.add(
            roundTrip(
                kafka, outcomes, deploy(stack, host, i % 2 == 0 ? V2 : V1), Topics.DEPLOY_DONE));
        lastPhases.forEach((k, v) -> phases.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        rollbacks.add(roundTrip(kafka, outcomes, rollback(stack, host), Topics.ROLLBACK_DONE));
      }
      DeployerFixture.removeStack(docker, stack);
      report(rounds, raw, deploys, rollbacks, phases);
    }
  }

  private static Map<String, Long> lastPhases = Map.of();

  private static void report(
      int rounds,
      List<Long> raw,
      List<Long> deploys,
      List<Long> rollbacks,
      Map<String, List<Long>> phases) {
    long r = median(raw);
    long d = median(deploys);
    long b = median(rollbacks);
    System.out.printf(
        Locale.ROOT,
        "deployer benchmark — %s, %d rounds, medians (ms); image %s ↔ %s%n",
        Instant.now(),
        rounds,
        V1,
        V2);
    System.out.printf(
        Locale.ROOT, "engine raw create+start+first healthy : %6d   all %s%n", r, raw);
    System.out.printf(
        Locale.ROOT, "shipshape deploy (start-first swap)   : %6d   all %s%n", d, deploys);
    System.out.printf(
        Locale.ROOT, "shipshape rollback (to digest + env)  : %6d   all %s%n", b, rollbacks);
    StringBuilder breakdown = new StringBuilder();
    phases.forEach((k, v) -> breakdown.append(k).append(' ').append(median(v)).append("  "));
    System.out.printf(
        Locale.ROOT,
        "deploy phases inside the agent (medians, ms): %s%n",
        breakdown.toString().strip());
    System.out.printf(
        Locale.ROOT,
        "the health phase includes the agent's minimum uptime of %s: a new container must stay up that long after its first good check%n",
        AgentProcess.MINIMUM_UPTIME);
    System.out.printf(
        Locale.ROOT,
        "overhead per service: deploy %+d ms, rollback %+d ms (record, diff, journal, swap, outbox, two Kafka hops)%n",
        d - r,
        b - r);
    System.out.printf(Locale.ROOT, "rollback/raw = %.2fx%n", (double) b / r);
    System.out.printf(Locale.ROOT, "deploy/raw = %.2fx%n", (double) d / r);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static EventEnvelope<DeployRequested> deploy(String stack, String host, String image) {
    ServiceSpec spec =
        new ServiceSpec(image, null, Map.of(), null, null, null, null, null, null, null, null);
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        stack,
        host,
        DeployRequested.of(stack, host, "agent", spec, Strategy.START_FIRST, false, null));
  }

  private static EventEnvelope<RollbackTriggered> rollback(String stack, String host) {
    return EventEnvelope.of(
        UUID.randomUUID().toString(),
        stack,
        host,
        RollbackTriggered.byOperator(stack, host, "agent", "bench", null, null, "bench"));
  }

  /** Publishes a command and returns the milliseconds until its outcome event is on Kafka. */
  private static long roundTrip(
      KafkaProbe kafka,
      KafkaConsumer<String, String> outcomes,
      EventEnvelope<? extends Payload> command,
      String doneTopic) {
    long t0 = System.nanoTime();
    kafka.send(
        command.topic(),
        command.key(),
        EventCodec.toJson(command),
        EventCodec.cloudEventHeaders(command, "/bench"));
    Instant deadline = Instant.now().plusSeconds(120);
    String marker = "\"updateId\":\"" + command.updateId() + "\"";
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<String, String> r : outcomes.poll(Duration.ofMillis(20))) {
        if (r.value().contains(marker)) {
          if (!r.topic().equals(doneTopic)) {
            throw new IllegalStateException(
                "expected " + doneTopic + " but got " + r.topic() + ": " + r.value());
          }
          if (doneTopic.equals(Topics.DEPLOY_DONE)) {
            EventEnvelope<DeployDone> done = EventCodec.decode(doneTopic, r.value());
            lastPhases = done.payload().phaseMillis();
          }
          return (System.nanoTime() - t0) / 1_000_000;
        }
      }
    }
    throw new IllegalStateException("no outcome for " + command.type() + " within 120 s");
  }

  private static KafkaConsumer<String, String> outcomes(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(
        List.of(
            Topics.DEPLOY_DONE,
            Topics.DEPLOY_FAILED,
            Topics.ROLLBACK_DONE,
            Topics.ROLLBACK_FAILED));
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    consumer.seekToEnd(consumer.assignment());
    consumer.assignment().forEach(consumer::position);
    return consumer;
  }
}
