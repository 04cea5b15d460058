package dev.shipshape.backup.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.job.BackupMethod;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A vector store through its own snapshot API (Qdrant's is the model): every collection counted,
 * snapshotted and downloaded, one tar entry per collection. The API is reached inside the container
 * (exec of its HTTP client), so a central instance needs nothing but the host's engine. Verified by
 * recovering each snapshot in a scratch instance of the same image and counting its points.
 */
@ApplicationScoped
public class SnapshotMethod implements BackupMethod {
  private static final String DEFAULT_URL = "http://127.0.0.1:6333";
  private static final Duration CALL = Duration.ofMinutes(2);

  private final Containers containers;
  private final StoreApi api = new StoreApi();

  public SnapshotMethod(Containers containers) {
    this.containers = containers;
  }

  @Override
  public String kind() {
    return "snapshot";
  }

  @Override
  public Capture take(Target target, OutputStream out) {
    DockerClient docker = target.docker();
    String id = target.container().getId();
    String url = url(target.container().getConfig().getLabels());
    Map<String, Long> counts = new TreeMap<>();
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(nonClosing(out));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (String collection : api.collections(docker, id, url)) {
        counts.put(collection, api.count(docker, id, url, collection));
        JsonNode snapshot =
            api.call(docker, id, url, "POST", "/collections/" + collection + "/snapshots", "{}");
        String name = snapshot.path("name").asText();
        long size = snapshot.path("size").asLong(-1);
        if (name.isEmpty() || size < 0) {
          throw new BackupFailure(
              "dump", "the store made no usable snapshot of " + collection, snapshot.toString());
        }
        TarArchiveEntry entry = new TarArchiveEntry(collection + ".snapshot");
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        Exec.Result got =
            Exec.run(
                docker,
                id,
                List.of(
                    "wget",
                    "-q",
                    "-O",
                    "-",
                    url + "/collections/" + collection + "/snapshots/" + name),
                Map.of(),
                null,
                tar,
                CALL);
        if (!got.ok()) {
          throw new BackupFailure(
              "dump",
              "downloading snapshot " + name + " failed (" + got.describe() + ")",
              got.stderrTail());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
      tar.flush();
    } catch (IOException e) {
      throw new BackupFailure("dump", "the snapshot stream failed: " + e.getMessage());
    }
    return new Capture(counts, Map.of());
  }

  @Override
  public Capture restoreIntoScratch(DockerClient docker, Backup backup, InputStream stored) {
    String id =
        containers.startScratch(
            docker,
            backup.imageId != null ? backup.imageId : backup.image,
            "shipshape-scratch-"
                + backup.id.substring(0, 8)
                + "-"
                + UUID.randomUUID().toString().substring(0, 6),
            Map.of(),
            null);
    try {
      containers.awaitReady(docker, id, "restore");
      return new Capture(upload(docker, id, DEFAULT_URL, stored), Map.of());
    } finally {
      containers.removeScratch(docker, id);
    }
  }

  @Override
  public Capture restoreLive(Target target, Backup backup, InputStream stored) {
    String url = url(target.container().getConfig().getLabels());
    return new Capture(upload(target.docker(), target.container().getId(), url, stored), Map.of());
  }

  /**
   * Copies each snapshot into the container (archive API) and has the store recover from that file
   * (Qdrant's {@code snapshots/recover} with a file location), then counts its points.
   */
  private Map<String, Long> upload(DockerClient docker, String id, String url, InputStream stored) {
    Map<String, Long> counts = new TreeMap<>();
    try {
      TarArchiveInputStream tar = new TarArchiveInputStream(stored);
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String collection = entry.getName().replaceFirst("\\.snapshot$", "");
        String file = "/tmp/shipshape-" + collection + ".snapshot";
        copyInto(docker, id, file, entry.getSize(), tar);
        Exec.Captured uploaded =
            Exec.capture(
                docker,
                id,
                List.of(
                    "wget",
                    "-q",
                    "-O",
                    "-",
                    "--header",
                    "Content-Type: application/json",
                    "--post-data",
                    "{\"location\":\"file://" + file + "\"}",
                    url + "/collections/" + collection + "/snapshots/recover"),
                Map.of(),
                CALL);
        Exec.capture(docker, id, List.of("rm", "-f", file), Map.of(), CALL);
        if (!uploaded.result().ok()) {
          throw new BackupFailure(
              "restore",
              "the store refused snapshot "
                  + collection
                  + " ("
                  + uploaded.result().describe()
                  + ")",
              uploaded.result().stderrTail() + uploaded.stdout());
        }
        counts.put(collection, api.count(docker, id, url, collection));
      }
    } catch (IOException e) {
      throw new BackupFailure(
          "restore", "the stored snapshots could not be read: " + e.getMessage());
    }
    return counts;
  }

  /** One file into the container through the archive API, streamed from the stored tar entry. */
  private static void copyInto(
      DockerClient docker, String id, String path, long size, InputStream content)
      throws IOException {
    dev.shipshape.backup.storage.StreamPipe pipe = new dev.shipshape.backup.storage.StreamPipe();
    Thread writer =
        new Thread(
            () -> {
              try (TarArchiveOutputStream tar = new TarArchiveOutputStream(pipe.output())) {
                TarArchiveEntry e = new TarArchiveEntry(path.substring(1));
                e.setSize(size);
                tar.putArchiveEntry(e);
                content.transferTo(tar);
                tar.closeArchiveEntry();
                tar.finish();
              } catch (IOException | RuntimeException e) {
                pipe.fail(e.getMessage());
              }
            },
            "snapshot-copy");
    writer.start();
    try {
      docker
          .copyArchiveToContainerCmd(id)
          .withRemotePath("/")
          .withTarInputStream(pipe.input())
          .exec();
      writer.join(Duration.ofMinutes(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String url(Map<String, String> labels) {
    return labels != null && labels.get(Labels.SNAPSHOT_URL) != null
        ? labels.get(Labels.SNAPSHOT_URL)
        : DEFAULT_URL;
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /** The store's HTTP API, called inside the container with its own wget. */
  static final class StoreApi {
    List<String> collections(DockerClient docker, String id, String url) {
      JsonNode result = call(docker, id, url, "GET", "/collections", null);
      List<String> names = new java.util.ArrayList<>();
      result.path("collections").forEach(c -> names.add(c.path("name").asText()));
      return names;
    }

    long count(DockerClient docker, String id, String url, String collection) {
      return call(
              docker,
              id,
              url,
              "POST",
              "/collections/" + collection + "/points/count",
              "{\"exact\":true}")
          .path("count")
          .asLong();
    }

    JsonNode call(
        DockerClient docker, String id, String url, String method, String path, String body) {
      List<String> cmd =
          "GET".equals(method)
              ? List.of("wget", "-q", "-O", "-", url + path)
              : List.of(
                  "wget",
                  "-q",
                  "-O",
                  "-",
                  "--header",
                  "Content-Type: application/json",
                  "--post-data",
                  body,
                  url + path);
      Exec.Captured out = Exec.capture(docker, id, cmd, Map.of(), CALL);
      if (!out.result().ok()) {
        throw new BackupFailure(
            "dump",
            "the store's API did not answer "
                + method
                + " "
                + path
                + " ("
                + out.result().describe()
                + ")",
            out.result().stderrTail());
      }
      try {
        return EventCodec.mapper().readTree(out.stdout()).path("result");
      } catch (IOException e) {
        throw new BackupFailure(
            "dump",
            "the store answered " + path + " with something that is not JSON",
            out.stdout());
      }
    }
  }
}
