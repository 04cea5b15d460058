package dev.shipshape.backup.job;

import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreFailed;
import dev.shipshape.common.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Every event the backup service publishes ({@code backup.verified/failed}, {@code
 * restore.done/failed}), written to the outbox in the transaction that records the outcome.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class BackupEvents {
  private final Outbox outbox;

  public BackupEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  void verified(Backup b) {
    publish(
        b.updateId,
        b.stack,
        b.host,
        BackupVerified.of(
            b.id,
            b.stack,
            b.host,
            b.service,
            b.kind,
            b.objectKey,
            b.sizeBytes,
            b.sha256,
            Catalog.counts(b.captured)));
  }

  void failed(BackupJob job, BackupFailure failure, String backupId) {
    publish(
        job.updateId,
        job.stack,
        job.host,
        BackupFailed.of(
            job.stack,
            job.host,
            job.service,
            failure.check(),
            failure.getMessage(),
            Catalog.clip(failure.evidence()),
            backupId));
  }

  void restoreDone(BackupJob job, String backupId, long millis) {
    publish(
        job.updateId,
        job.stack,
        job.host,
        RestoreDone.of(job.stack, job.host, job.service, backupId, millis));
  }

  void restoreFailed(BackupJob job, String reason) {
    publish(
        job.updateId,
        job.stack,
        job.host,
        RestoreFailed.of(job.stack, job.host, job.service, job.backupId, reason));
  }

  private void publish(String updateId, String stack, String host, Payload payload) {
    outbox.publish(EventEnvelope.of(updateId, stack, host, payload));
  }
}
