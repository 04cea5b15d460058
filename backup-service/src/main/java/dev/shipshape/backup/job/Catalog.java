package dev.shipshape.backup.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupCheck;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.backup.persistence.BackupRepository;
import dev.shipshape.backup.storage.ObjectStore.Stored;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.persistence.WaitsForDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every change of a backup's state, each in its own transaction; an outcome and its event ({@code
 * backup.verified} / {@code backup.failed}, from {@link BackupEvents}) commit together.
 */
@ApplicationScoped
@WaitsForDatabase
public class Catalog {
  private static final Logger LOG = Logger.getLogger(Catalog.class);
  private static final int MAX_EVIDENCE = 4000;

  private final BackupRepository backups;
  private final BackupJobRepository jobs;
  private final BackupEvents events;

  public Catalog(BackupRepository backups, BackupJobRepository jobs, BackupEvents events) {
    this.backups = backups;
    this.jobs = jobs;
    this.events = events;
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void begin(Backup backup) {
    backups.persist(backup);
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void stored(String id, Stored stored, Capture capture) {
    Backup b = backups.findById(id);
    b.sizeBytes = stored.size();
    b.sha256 = stored.sha256();
    b.captured = json(capture.counts());
    b.files = capture.files().isEmpty() ? null : json(capture.files());
    b.status = Backup.Status.STORED;
  }

  @Transactional(TxType.REQUIRES_NEW)
  public void check(String id, String name, boolean passed, String detail) {
    BackupCheck c = new BackupCheck();
    c.backupId = id;
    c.checkName = name;
    c.passed = passed;
    c.detail = clip(detail);
    c.checkedAt = Instant.now();
    c.persist();
  }

  @Transactional(TxType.REQUIRES_NEW)
  public Backup find(String id) {
    return backups.findById(id);
  }

  /** The backup passed every check; the job (if any) is done and the planner told. */
  @Transactional(TxType.REQUIRES_NEW)
  public void verified(String id, BackupJob job) {
    Backup b = backups.findById(id);
    b.status = Backup.Status.VERIFIED;
    b.verifiedAt = Instant.now();
    b.failedCheck = null;
    b.reason = null;
    b.evidence = null;
    if (job != null) {
      finishJob(job.eventId, BackupJob.Status.DONE, null, id);
      events.verified(b);
    }
    LOG.infof(
        "update %s: %s backup %s of %s on %s verified (%d bytes)",
        b.updateId, b.kind, b.id, b.service, b.host, b.sizeBytes);
  }

  /**
   * A check failed: the backup (if it got that far) is marked, the job fails, the planner hears.
   */
  @Transactional(TxType.REQUIRES_NEW)
  public void failed(String backupId, BackupJob job, BackupFailure failure) {
    if (backupId != null) {
      Backup b = backups.findById(backupId);
      if (b != null) {
        b.status = Backup.Status.FAILED;
        b.failedCheck = failure.check();
        b.reason = failure.getMessage();
        b.evidence = clip(failure.evidence());
      }
    }
    if (job != null) {
      finishJob(
          job.eventId,
          BackupJob.Status.FAILED,
          failure.check() + ": " + failure.getMessage(),
          backupId);
      events.failed(job, failure, backupId);
    }
    LOG.warnf(
        "update %s: backup of %s on %s failed its %s check: %s",
        job != null ? job.updateId : "-",
        job != null ? job.service : backupId,
        job != null ? job.host : "-",
        failure.check(),
        failure.getMessage());
  }

  /** Marks a job finished without a backup outcome (restores publish their own events). */
  @Transactional(TxType.MANDATORY)
  public void finishJob(String eventId, BackupJob.Status status, String reason, String backupId) {
    BackupJob j = jobs.findById(eventId);
    j.status = status;
    j.reason = reason;
    j.finishedAt = Instant.now();
    if (backupId != null) {
      j.backupId = backupId;
    }
  }

  public static String json(Object value) {
    try {
      return EventCodec.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Long> counts(String json) {
    return readMap(json, new TypeReference<LinkedHashMap<String, Long>>() {});
  }

  public static Map<String, String> files(String json) {
    return readMap(json, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private static <V> Map<String, V> readMap(
      String json, TypeReference<LinkedHashMap<String, V>> t) {
    if (json == null) {
      return Map.of();
    }
    try {
      return EventCodec.mapper().readValue(json, t);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String clip(String text) {
    return text == null || text.length() <= MAX_EVIDENCE
        ? text
        : "…" + text.substring(text.length() - MAX_EVIDENCE);
  }
}
