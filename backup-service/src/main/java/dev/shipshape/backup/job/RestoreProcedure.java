package dev.shipshape.backup.job;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.job.BackupMethod.Target;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.storage.ObjectStore;
import dev.shipshape.common.engine.HostEngines;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Puts a verified backup back into the live service (a rollback of a migration that was not
 * backward compatible), checks that the service then holds exactly what the backup captured and
 * that the bytes read were the bytes stored, and reports {@code restore.done} or {@code
 * restore.failed}.
 */
@ApplicationScoped
public class RestoreProcedure {
  private static final Logger LOG = Logger.getLogger(RestoreProcedure.class);

  private final HostEngines engines;
  private final Containers containers;
  private final Methods methods;
  private final ObjectStore store;
  private final Catalog catalog;
  private final BackupEvents events;

  public RestoreProcedure(
      HostEngines engines,
      Containers containers,
      Methods methods,
      ObjectStore store,
      Catalog catalog,
      BackupEvents events) {
    this.engines = engines;
    this.containers = containers;
    this.methods = methods;
    this.store = store;
    this.catalog = catalog;
    this.events = events;
  }

  public void run(BackupJob job) {
    long t0 = System.nanoTime();
    try {
      Backup b = catalog.find(job.backupId);
      if (b == null) {
        throw new BackupFailure("restore", "backup " + job.backupId + " is not in the catalog");
      }
      if (!b.stack.equals(job.stack)
          || !b.service.equals(job.service)
          || !b.host.equals(job.host)) {
        throw new BackupFailure(
            "restore",
            "backup "
                + b.id
                + " belongs to "
                + b.stack
                + "/"
                + b.service
                + " on "
                + b.host
                + ", not to "
                + job.stack
                + "/"
                + job.service
                + " on "
                + job.host);
      }
      if (!Backup.Status.VERIFIED.equals(b.status)) {
        throw new BackupFailure(
            "restore",
            "backup "
                + b.id
                + " is "
                + b.status.name().toLowerCase()
                + ", only a verified backup is restored");
      }
      DockerClient docker =
          engines
              .of(job.host)
              .orElseThrow(() -> new BackupFailure("container", "no engine for " + job.host));
      String name = job.container != null ? job.container : b.container;
      Target target =
          new Target(docker, job.host, containers.require(docker, job.host, name), b.mode);
      LOG.infof("update %s: restoring backup %s into %s on %s", job.updateId, b.id, name, job.host);
      MessageDigest sha = sha256();
      Capture found;
      try (InputStream in = new DigestInputStream(store.open(b.objectKey), sha)) {
        found = methods.of(b.kind).restoreLive(target, b, in);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new BackupFailure("restore", "could not read the backup from S3", e.getMessage());
      }
      String read = HexFormat.of().formatHex(sha.digest());
      if (!read.equals(b.sha256)) {
        throw new BackupFailure(
            "checksum",
            "the backup read from S3 is not the one verified",
            "expected " + b.sha256 + ", read " + read);
      }
      Verifier.compare(b, found);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                catalog.finishJob(job.eventId, BackupJob.Status.DONE, null, b.id);
                events.restoreDone(job, b.id, millis);
              });
      LOG.infof("update %s: backup %s restored into %s in %d ms", job.updateId, b.id, name, millis);
    } catch (BackupFailure f) {
      fail(
          job,
          f.check() + ": " + f.getMessage() + (f.evidence() == null ? "" : " — " + f.evidence()));
    } catch (RuntimeException e) {
      LOG.errorf(e, "update %s: restore failed unexpectedly", job.updateId);
      fail(job, "the restore could not run: " + e.getMessage());
    }
  }

  private void fail(BackupJob job, String reason) {
    String clipped = Catalog.clip(reason);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              catalog.finishJob(job.eventId, BackupJob.Status.FAILED, clipped, job.backupId);
              events.restoreFailed(job, clipped);
            });
    LOG.warnf(
        "update %s: restore of %s on %s failed: %s", job.updateId, job.service, job.host, clipped);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
