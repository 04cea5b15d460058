package dev.shipshape.backup.messaging;

import dev.shipshape.backup.job.JobQueue;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Takes backup requests off Kafka into the job queue (the worker takes and verifies them). */
@ApplicationScoped
public class BackupRequestConsumer {
  private final EventInbox inbox;
  private final JobQueue queue;

  public BackupRequestConsumer(EventInbox inbox, JobQueue queue) {
    this.inbox = inbox;
    this.queue = queue;
  }

  @Incoming(Topics.BACKUP_REQUESTED)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<BackupRequested>receive(record, this::queue);
  }

  void queue(EventEnvelope<BackupRequested> event) {
    BackupRequested request = event.payload();
    BackupJob job = new BackupJob();
    job.eventId = event.eventId();
    job.updateId = event.updateId();
    job.jobType = BackupJob.Type.BACKUP;
    job.stack = request.stack();
    job.host = request.host();
    job.service = request.service();
    job.kind = request.kind();
    job.container = request.container();
    job.image = request.image();
    job.mode = request.mode() == null ? "hot" : request.mode();
    queue.add(job);
  }
}
