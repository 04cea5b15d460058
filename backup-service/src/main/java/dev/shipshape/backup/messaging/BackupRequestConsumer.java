package dev.shipshape.backup.messaging;

import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Takes backup requests off Kafka and records them as jobs. */
@ApplicationScoped
public class BackupRequestConsumer {
  private static final Logger LOG = Logger.getLogger(BackupRequestConsumer.class);

  private final EventInbox inbox;
  private final BackupJobRepository jobs;

  public BackupRequestConsumer(EventInbox inbox, BackupJobRepository jobs) {
    this.inbox = inbox;
    this.jobs = jobs;
  }

  @Incoming(Topics.BACKUP_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<BackupRequested>receive(record, this::record);
  }

  void record(EventEnvelope<BackupRequested> event) {
    BackupRequested request = event.payload();
    BackupJob job = new BackupJob();
    job.eventId = event.eventId();
    job.updateId = event.updateId();
    job.stack = request.stack();
    job.host = request.host();
    job.service = request.service();
    job.kind = request.kind();
    job.status = "REQUESTED";
    job.requestedAt = Instant.now();
    jobs.persist(job);
    LOG.infof(
        "update %s: %s backup of %s on %s requested",
        job.updateId, job.kind, job.service, job.host);
  }
}
