package dev.shipshape.monitor.watch;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Latency;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.monitor.persistence.WatchWindow;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns one check into the compact {@code monitor.health} event a fleet view is drawn from, and
 * sends it straight to Kafka once the check's decision has committed. Health events describe and
 * decide nothing, so they skip the outbox: a lost one is replaced by the next check an interval
 * later, while an outbox row, its relay and its mark cost more than the check itself (at 500
 * watched containers that is 100 rows a second). Decisions (rollback.triggered, release.verified,
 * rollback.verified/unresolved) still commit with their state through the outbox.
 */
@ApplicationScoped
public class HealthEvents {
  private static final Logger LOG = Logger.getLogger(HealthEvents.class);

  private final String source;
  private final KafkaProducer<String, String> producer;
  private final AtomicBoolean failing = new AtomicBoolean();

  public HealthEvents(
      @ConfigProperty(name = "quarkus.application.name") String service,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.source = "/shipshape/" + service;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    // A few milliseconds of batching: at 100 checks a second, one request carries several events.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // A broker that is away must not hold a check thread: the event is dropped instead.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /** Sends a check's event without waiting; a failure is logged once until sends work again. */
  public void send(EventEnvelope<MonitorHealth> event) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(event.topic(), event.key(), EventCodec.toJson(event));
    EventCodec.cloudEventHeaders(event, source)
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record, (metadata, e) -> sent(e));
    } catch (RuntimeException e) {
      sent(e);
    }
  }

  private void sent(Exception e) {
    if (e == null) {
      if (failing.compareAndSet(true, false)) {
        LOG.info("monitor.health events reach Kafka again");
      }
    } else if (failing.compareAndSet(false, true)) {
      LOG.warnf("monitor.health events are being dropped (the next checks replace them): %s", e);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    producer.close(Duration.ofSeconds(5));
  }

  /** The event of one check; {@link #send} it after the check's decision has committed. */
  public EventEnvelope<MonitorHealth> of(
      WatchWindow w, Sample sample, Optional<Criteria.Breach> breach, Histogram h) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put(
        "container",
        !sample.found()
            ? "missing"
            : sample.running() ? "running" : "exited(" + sample.exitCode() + ")");
    checks.put("health", sample.health());
    checks.put("restarts", String.valueOf(sample.restartCount()));
    checks.put("oomKilled", String.valueOf(sample.oomKilled()));
    checks.put("consecutiveUnhealthy", String.valueOf(w.consecutiveUnhealthy));
    checks.put("window", w.kind.name().toLowerCase(Locale.ROOT));
    if (sample.probeMillis() != null) {
      checks.put("probe", sample.probeMillis() < 0 ? "failed" : "ok");
    }
    if (sample.cpuPercent() != null) {
      checks.put("cpu", String.format(Locale.ROOT, "%.1f%%", sample.cpuPercent()));
    }
    if (sample.memoryBytes() != null) {
      checks.put("memory", sample.memoryBytes() / (1024 * 1024) + " MiB");
    }
    breach.ifPresent(b -> checks.put("breach", b.criterion()));
    Latency latency =
        h.getTotalCount() == 0
            ? null
            : new Latency(
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getTotalCount());
    double minutes =
        Math.max(Duration.between(w.openedAt, Instant.now()).toMillis(), 1000) / 60_000.0;
    String verdict = breach.isPresent() ? "BREACH" : sample.unhealthy() ? "UNHEALTHY" : "HEALTHY";
    MonitorHealth health =
        MonitorHealth.of(
            w.host,
            w.service,
            sample.digest(),
            verdict,
            checks,
            latency,
            w.errorLines / minutes,
            sample.cpuPercent(),
            sample.memoryBytes(),
            sample.memoryLimitBytes(),
            sample.found() ? sample.oomKilled() : null,
            w.image);
    return EventEnvelope.of(w.updateId, w.stack, w.host, health);
  }
}
