package dev.shipshape.backup.job;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.job.BackupMethod.Target;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.storage.ObjectStore;
import dev.shipshape.backup.storage.ObjectStore.Stored;
import dev.shipshape.backup.storage.StreamPipe;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.job.DaemonThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Takes one backup: the method streams it out of the container through a bounded pipe into a
 * multipart upload (hashed on the way), the manifest is written beside it, the catalog records it,
 * and the gate verifies it; the outcome and its event commit together.
 */
@ApplicationScoped
public class BackupProcedure {
  private static final Logger LOG = Logger.getLogger(BackupProcedure.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final HostEngines engines;
  private final Containers containers;
  private final Methods methods;
  private final ObjectStore store;
  private final Catalog catalog;
  private final Verifier verifier;
  private final Retention retention;
  private final ExecutorService producers =
      Executors.newCachedThreadPool(DaemonThreads.named("backup-producer"));

  public BackupProcedure(
      HostEngines engines,
      Containers containers,
      Methods methods,
      ObjectStore store,
      Catalog catalog,
      Verifier verifier,
      Retention retention) {
    this.engines = engines;
    this.containers = containers;
    this.methods = methods;
    this.store = store;
    this.catalog = catalog;
    this.verifier = verifier;
    this.retention = retention;
  }

  /** Runs the job to its outcome; never throws for a backup that fails a check. */
  public void run(BackupJob job) {
    String backupId = null;
    try {
      BackupMethod method = methods.of(job.kind);
      DockerClient docker =
          engines
              .of(job.host)
              .orElseThrow(() -> new BackupFailure("container", "no engine for " + job.host));
      InspectContainerResponse container = containers.require(docker, job.host, job.container);
      Target target = new Target(docker, job.host, container, job.mode);
      Backup b = newBackup(job, container);
      backupId = b.id;
      catalog.begin(b);
      LOG.infof(
          "update %s: taking %s backup %s of %s on %s",
          job.updateId, job.kind, b.id, job.service, job.host);
      Taken taken = take(method, target, b.objectKey);
      catalog.stored(b.id, taken.stored(), taken.capture());
      b = catalog.find(b.id);
      store.putText(b.manifestKey(), Catalog.json(manifest(b)), "application/json");
      verifier.verify(b);
      catalog.verified(b.id, job);
      expireOld(b);
    } catch (BackupFailure f) {
      catalog.failed(backupId, job, f);
    } catch (RuntimeException e) {
      LOG.errorf(e, "update %s: backup of %s failed unexpectedly", job.updateId, job.service);
      catalog.failed(
          backupId,
          job,
          new BackupFailure("backup", "the backup could not run: " + e.getMessage()));
    }
  }

  /**
   * Retention after a verified backup. Its failure is not the backup's: the backup stays verified
   * (and the planner already heard so); retention runs again after the next backup or update.
   */
  private void expireOld(Backup b) {
    try {
      retention.apply(b.stack, b.host, b.service);
    } catch (RuntimeException e) {
      LOG.warnf("retention of %s on %s will run again later: %s", b.service, b.host, e);
    }
  }

  /** The dump streams from a producer thread into the upload on this one. */
  private Taken take(BackupMethod method, Target target, String key) {
    StreamPipe pipe = new StreamPipe();
    Future<Capture> producer =
        producers.submit(
            () -> {
              try {
                Capture capture = method.take(target, pipe.output());
                pipe.output().close();
                return capture;
              } catch (RuntimeException | IOException e) {
                pipe.fail(e.getMessage());
                throw e;
              }
            });
    Stored stored;
    try {
      stored = store.upload(key, pipe.input());
    } catch (IOException e) {
      // The producer failed: its own failure (the dump's stderr) is the one to report.
      throw producerFailure(producer, e);
    } catch (BackupFailure f) {
      closeQuietly(pipe);
      producer.cancel(true);
      throw f;
    }
    try {
      return new Taken(stored, producer.get(1, TimeUnit.MINUTES));
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      store.delete(key);
      throw producerFailure(producer, e);
    }
  }

  private static BackupFailure producerFailure(Future<Capture> producer, Exception fallback) {
    try {
      producer.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BackupFailure f) {
        return f;
      }
      return new BackupFailure("dump", "the backup stream failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      producer.cancel(true);
    }
    return new BackupFailure("dump", "the backup stream failed: " + fallback.getMessage());
  }

  private static void closeQuietly(StreamPipe pipe) {
    try {
      pipe.input().close();
    } catch (IOException e) {
      // closing the reader side cannot fail
    }
  }

  private record Taken(Stored stored, Capture capture) {}

  private static Backup newBackup(BackupJob job, InspectContainerResponse container) {
    Backup b = new Backup();
    b.id = UUID.randomUUID().toString();
    b.updateId = job.updateId;
    b.stack = job.stack;
    b.host = job.host;
    b.service = job.service;
    b.kind = job.kind;
    b.mode = job.mode == null ? "hot" : job.mode;
    b.container = job.container;
    b.image = container.getConfig().getImage();
    b.imageId = container.getImageId();
    Map<String, String> env = Containers.env(container);
    if ("postgres".equals(job.kind)) {
      b.dbUser = env.getOrDefault("POSTGRES_USER", "postgres");
      b.dbName = env.getOrDefault("POSTGRES_DB", b.dbUser);
    }
    b.requestedBy = job.eventId.startsWith("api-") ? "api" : "kafka";
    b.createdAt = Instant.now();
    b.objectKey =
        String.join(
            "/", job.stack, job.host, job.service, TIME.format(b.createdAt) + "-" + job.updateId);
    b.status = Backup.Status.TAKING;
    return b;
  }

  static Map<String, Object> manifest(Backup b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backupId", b.id);
    m.put("updateId", b.updateId);
    m.put("stack", b.stack);
    m.put("host", b.host);
    m.put("service", b.service);
    m.put("kind", b.kind);
    m.put("mode", b.mode);
    m.put("container", b.container);
    m.put("image", b.image);
    m.put("imageDigest", b.imageId);
    m.put("objectKey", b.objectKey);
    m.put("sizeBytes", b.sizeBytes);
    m.put("sha256", b.sha256);
    m.put("captured", Catalog.counts(b.captured));
    m.put("files", Catalog.files(b.files));
    m.put("created", b.createdAt.toString());
    return m;
  }
}
