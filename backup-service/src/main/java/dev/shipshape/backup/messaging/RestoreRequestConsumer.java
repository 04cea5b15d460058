package dev.shipshape.backup.messaging;

import dev.shipshape.backup.job.JobQueue;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupRepository;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Takes restore requests off Kafka into the job queue; the container comes from the catalog. */
@ApplicationScoped
public class RestoreRequestConsumer {
  private final EventInbox inbox;
  private final JobQueue queue;
  private final BackupRepository backups;

  public RestoreRequestConsumer(EventInbox inbox, JobQueue queue, BackupRepository backups) {
    this.inbox = inbox;
    this.queue = queue;
    this.backups = backups;
  }

  @Incoming(Topics.RESTORE_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<RestoreRequested>receive(record, this::queue);
  }

  void queue(EventEnvelope<RestoreRequested> event) {
    RestoreRequested request = event.payload();
    Backup known = backups.findById(request.backupId());
    BackupJob job = new BackupJob();
    job.eventId = event.eventId();
    job.updateId = event.updateId();
    job.jobType = BackupJob.Type.RESTORE;
    job.stack = request.stack();
    job.host = request.host();
    job.service = request.service();
    job.backupId = request.backupId();
    job.kind = known == null ? "unknown" : known.kind;
    job.container = known == null ? null : known.container;
    job.reason = request.reason();
    queue.add(job);
  }
}
