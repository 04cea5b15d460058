package dev.shipshape.common.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.shipshape.common.event.EventCodec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox rows to Kafka in order and marks them sent. A crash between send and mark
 * resends; consumers are idempotent by event id, so nothing is lost and nothing happens twice.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;

  private final EntityManager em;
  private final KafkaProducer<String, String> producer;
  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean stopping;
  private final AtomicBoolean kickQueued = new AtomicBoolean();
  private final ExecutorService kick =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));

  public OutboxRelay(
      EntityManager em, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.em = em;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
    // One queued relay at a time: it sends whatever committed before it starts, so a burst of
    // commits costs one relay pass, not one each.
    if (!stopping && kickQueued.compareAndSet(false, true)) {
      try {
        kick.submit(
            () -> {
              kickQueued.set(false);
              relayQuietly();
            });
      } catch (RejectedExecutionException e) {
        kickQueued.set(false); // shutting down: the next start relays what is left
      }
    }
  }

  @Scheduled(
      every = "${shipshape.outbox.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    relayQuietly();
  }

  void shutdown(@Observes ShutdownEvent event) {
    stopping = true;
    kick.shutdownNow();
    producer.close();
  }

  private void relayQuietly() {
    if (stopping) {
      return;
    }
    try {
      relay();
    } catch (RuntimeException e) {
      LOG.warnf("outbox relay will retry: %s", e.getMessage());
    }
  }

  /** Sends everything pending; returns how many events went out. */
  public int relay() {
    if (!running.tryLock()) {
      return 0;
    }
    try {
      int total = 0;
      int sent;
      do {
        sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
        total += sent;
      } while (sent == BATCH);
      return total;
    } finally {
      running.unlock();
    }
  }

  private int relayBatch() throws Exception {
    @SuppressWarnings("unchecked")
    List<OutboxEvent> pending =
        em.createNativeQuery(
                "SELECT * FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT "
                    + BATCH
                    + " FOR UPDATE SKIP LOCKED",
                OutboxEvent.class)
            .getResultList();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (OutboxEvent row : pending) {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(row.topic, row.recordKey, row.value);
      headers(row).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      acks.add(producer.send(record));
    }
    // Mark each row as its ack comes: a row Kafka refuses for good is set aside with the reason; at
    // a passing failure the rest stay pending and are sent again (consumers drop duplicates).
    Instant now = Instant.now();
    int done = 0;
    for (int i = 0; i < acks.size(); i++) {
      OutboxEvent row = pending.get(i);
      try {
        acks.get(i).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RetriableException) {
          LOG.warnf("outbox relay will retry %s %s: %s", row.topic, row.eventId, e.getCause());
          break;
        }
        row.failure = String.valueOf(e.getCause());
        LOG.errorf("Kafka refused %s %s for good: %s", row.topic, row.eventId, row.failure);
      }
      row.sentAt = now;
      done++;
    }
    return done;
  }

  private static Map<String, String> headers(OutboxEvent row) throws IOException {
    return EventCodec.mapper().readValue(row.headers, new TypeReference<Map<String, String>>() {});
  }
}
