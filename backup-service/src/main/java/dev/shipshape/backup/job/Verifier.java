package dev.shipshape.backup.job;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.storage.ObjectStore;
import dev.shipshape.backup.storage.ObjectStore.Stored;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.persistence.DatabaseWait;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The gate: a backup counts only when (1) it is non-empty and its size fits the service's history,
 * (2) the object as stored in S3 hashes to the SHA-256 taken on upload, (3) restored into a scratch
 * container of the same image it holds exactly what was captured, and (4) the scratch container is
 * gone afterwards. Each check is recorded; the first that fails throws.
 */
@ApplicationScoped
public class Verifier {
  private final Catalog catalog;
  private final ObjectStore store;
  private final HostEngines engines;
  private final Methods methods;
  private final BackupSettings settings;
  private final dev.shipshape.backup.persistence.BackupRepository backups;

  public Verifier(
      Catalog catalog,
      ObjectStore store,
      HostEngines engines,
      Methods methods,
      BackupSettings settings,
      dev.shipshape.backup.persistence.BackupRepository backups) {
    this.catalog = catalog;
    this.store = store;
    this.engines = engines;
    this.methods = methods;
    this.settings = settings;
    this.backups = backups;
  }

  public void verify(Backup b) {
    run(b, "size", () -> checkSize(b));
    run(b, "checksum", () -> checkStored(b));
    DockerClient docker =
        engines
            .of(b.host)
            .orElseThrow(() -> new BackupFailure("restore", "no engine configured for " + b.host));
    try {
      run(b, "restore", () -> checkRestore(docker, b));
    } finally {
      run(b, "scratch-removed", () -> checkScratchGone(docker, b));
    }
  }

  private void run(Backup b, String name, Check check) {
    try {
      String detail = check.run();
      catalog.check(b.id, name, true, detail);
    } catch (BackupFailure f) {
      catalog.check(
          b.id, name, false, f.getMessage() + (f.evidence() == null ? "" : "\n" + f.evidence()));
      throw f;
    } catch (RuntimeException e) {
      catalog.check(b.id, name, false, String.valueOf(e.getMessage()));
      throw new BackupFailure(name, name + " check could not run: " + e.getMessage());
    }
  }

  private String checkSize(Backup b) {
    if (b.sizeBytes == null || b.sizeBytes <= 0) {
      throw new BackupFailure("size", "the backup is empty");
    }
    List<Long> history =
        DatabaseWait.get(
            "reading the size history",
            () ->
                QuarkusTransaction.requiringNew()
                    .call(() -> backups.recentVerifiedSizes(b, settings.sizeHistory())));
    if (history.isEmpty()) {
      return b.sizeBytes + " bytes; first backup of this service, no history to compare";
    }
    List<Long> sorted = new ArrayList<>(history);
    sorted.sort(null);
    long median = sorted.get(sorted.size() / 2);
    double ratio = median == 0 ? Double.POSITIVE_INFINITY : (double) b.sizeBytes / median;
    String detail =
        String.format(
            "%d bytes; median of the last %d verified backups %d bytes (ratio %.2f, allowed 1/%.0f..%.0f)",
            b.sizeBytes, history.size(), median, ratio, settings.sizeRatio(), settings.sizeRatio());
    if (ratio > settings.sizeRatio() || ratio < 1 / settings.sizeRatio()) {
      throw new BackupFailure("size", "the backup's size is out of line with its history", detail);
    }
    return detail;
  }

  private String checkStored(Backup b) {
    Stored read = store.hashStored(b.objectKey);
    if (read.size() != b.sizeBytes || !read.sha256().equals(b.sha256)) {
      throw new BackupFailure(
          "checksum",
          "the object as stored in S3 does not match what was uploaded",
          "uploaded "
              + b.sizeBytes
              + " bytes sha256 "
              + b.sha256
              + "; stored "
              + read.size()
              + " bytes sha256 "
              + read.sha256());
    }
    return "stored object re-read: " + read.size() + " bytes, sha256 " + read.sha256();
  }

  private String checkRestore(DockerClient docker, Backup b) {
    BackupMethod method = methods.of(b.kind);
    Capture found;
    try (InputStream in = store.open(b.objectKey)) {
      found = method.restoreIntoScratch(docker, b, in);
    } catch (IOException e) {
      throw new BackupFailure("restore", "could not read the backup from S3", e.getMessage());
    }
    return compare(b, found);
  }

  /** What the scratch instance holds must equal what was captured, exactly. */
  static String compare(Backup b, Capture found) {
    Map<String, Long> expected = Catalog.counts(b.captured);
    List<String> differences = new ArrayList<>();
    for (String name : new TreeSet<>(union(expected.keySet(), found.counts().keySet()))) {
      Long want = expected.get(name);
      Long got = found.counts().get(name);
      if (!Objects.equals(want, got)) {
        differences.add(name + ": captured " + want + ", restored " + got);
      }
    }
    Map<String, String> files = Catalog.files(b.files);
    if (!files.isEmpty()) {
      for (String path : new TreeSet<>(union(files.keySet(), found.files().keySet()))) {
        String want = files.get(path);
        String got = found.files().get(path);
        if (!Objects.equals(want, got)) {
          differences.add(
              path
                  + ": "
                  + (want == null ? "not captured" : got == null ? "missing" : "checksum differs"));
        }
      }
    }
    if (!differences.isEmpty()) {
      throw new BackupFailure(
          "compare",
          "the restored copy differs from what was captured ("
              + differences.size()
              + " differences)",
          String.join("\n", differences.subList(0, Math.min(50, differences.size()))));
    }
    return "restored into a scratch instance; "
        + expected.size()
        + " counts"
        + (files.isEmpty() ? "" : " and " + files.size() + " file checksums")
        + " match";
  }

  private String checkScratchGone(DockerClient docker, Backup b) {
    String prefix = "shipshape-scratch-" + b.id.substring(0, 8);
    List<Container> left =
        Containers.scratch(docker).stream()
            .filter(
                c ->
                    c.getNames() != null
                        && c.getNames().length > 0
                        && c.getNames()[0].replaceFirst("^/", "").startsWith(prefix))
            .toList();
    if (!left.isEmpty()) {
      throw new BackupFailure("scratch-removed", "a scratch container was left behind: " + prefix);
    }
    return "no scratch container left";
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  @FunctionalInterface
  private interface Check {
    String run();
  }
}
