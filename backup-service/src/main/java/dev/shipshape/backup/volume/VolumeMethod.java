package dev.shipshape.backup.volume;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.Mount;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.job.BackupMethod;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.storage.StreamPipe;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.job.DaemonThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;

/**
 * The container's volumes (named volumes and bind mounts) through the engine's archive API, as one
 * tar whose entries keep each mount's path, with a SHA-256 per file. Hot by default; cold stops the
 * container for the archive and starts it again, ready. Verification extracts the archive into a
 * scratch container of the same image (never started, no volumes) and re-checksums every file.
 */
@ApplicationScoped
public class VolumeMethod implements BackupMethod {
  private static final Logger LOG = Logger.getLogger(VolumeMethod.class);
  private static final String VERIFY_ROOT = "shipshape-verify";

  private final Containers containers;
  private final BackupSettings settings;
  private final ExecutorService streams =
      Executors.newCachedThreadPool(DaemonThreads.named("volume-stream"));

  public VolumeMethod(Containers containers, BackupSettings settings) {
    this.containers = containers;
    this.settings = settings;
  }

  @Override
  public String kind() {
    return "volume";
  }

  @Override
  public Capture take(Target target, OutputStream out) {
    List<Mount> mounts = mounts(target);
    DockerClient docker = target.docker();
    String id = target.container().getId();
    boolean cold = "cold".equals(target.mode());
    boolean wasRunning = Boolean.TRUE.equals(target.container().getState().getRunning());
    if (cold && wasRunning) {
      LOG.infof("cold backup: stopping %s on %s", target.name(), target.host());
      containers.stop(docker, id);
    }
    Map<String, String> files = new LinkedHashMap<>();
    long bytes = 0;
    try {
      TarArchiveOutputStream tar =
          TarFiles.writer(
              new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                  flush();
                }
              });
      for (Mount m : mounts) {
        String path = m.getDestination().getPath();
        try (InputStream in = docker.copyArchiveFromContainerCmd(id, path + "/.").exec()) {
          TarFiles.Listing listing = TarFiles.copy(in, tar, strip(path));
          files.putAll(listing.files());
          bytes += listing.bytes();
        } catch (NotFoundException e) {
          throw new BackupFailure(
              "volume",
              "volume " + label(m) + " of " + target.name() + " cannot be read on " + target.host(),
              e.getMessage());
        }
      }
      tar.finish();
      tar.close();
    } catch (IOException e) {
      throw new BackupFailure(
          "volume", "archiving the volumes of " + target.name() + " failed", e.getMessage());
    } finally {
      if (cold && wasRunning) {
        containers.start(docker, id);
        containers.awaitReady(docker, id, "container");
        LOG.infof("cold backup: %s on %s runs again", target.name(), target.host());
      }
    }
    return new Capture(Map.of("files", (long) files.size(), "bytes", bytes), files);
  }

  @Override
  public Capture restoreIntoScratch(DockerClient docker, Backup backup, InputStream stored) {
    String id =
        containers.createScratch(
            docker,
            backup.imageId != null ? backup.imageId : backup.image,
            "shipshape-scratch-"
                + backup.id.substring(0, 8)
                + "-"
                + UUID.randomUUID().toString().substring(0, 6),
            Map.of(),
            null);
    try {
      extract(docker, id, stored, VERIFY_ROOT);
      try (InputStream in =
          docker.copyArchiveFromContainerCmd(id, "/" + VERIFY_ROOT + "/.").exec()) {
        TarFiles.Listing listing = TarFiles.list(in, "");
        return new Capture(
            Map.of("files", (long) listing.files().size(), "bytes", listing.bytes()),
            listing.files());
      } catch (IOException | RuntimeException e) {
        throw new BackupFailure(
            "restore", "the extracted archive could not be read back", e.getMessage());
      }
    } finally {
      containers.removeScratch(docker, id);
    }
  }

  @Override
  public Capture restoreLive(Target target, Backup backup, InputStream stored) {
    List<Mount> mounts = mounts(target);
    DockerClient docker = target.docker();
    String id = target.container().getId();
    containers.stop(docker, id);
    try {
      clear(docker, backup, id, mounts);
      extract(docker, id, stored, null);
    } finally {
      containers.start(docker, id);
    }
    containers.awaitReady(docker, id, "restore");
    Map<String, String> files = new LinkedHashMap<>();
    long bytes = 0;
    for (Mount m : mounts) {
      String path = m.getDestination().getPath();
      try (InputStream in = docker.copyArchiveFromContainerCmd(id, path + "/.").exec()) {
        TarFiles.Listing listing = TarFiles.list(in, strip(path));
        files.putAll(listing.files());
        bytes += listing.bytes();
      } catch (IOException | RuntimeException e) {
        throw new BackupFailure(
            "compare", "the restored volume " + label(m) + " could not be read", e.getMessage());
      }
    }
    return new Capture(Map.of("files", (long) files.size(), "bytes", bytes), files);
  }

  /** Empties the mounts with a helper of the same image sharing the stopped container's volumes. */
  private void clear(DockerClient docker, Backup backup, String id, List<Mount> mounts) {
    StringBuilder script = new StringBuilder("set -e");
    for (Mount m : mounts) {
      String p = m.getDestination().getPath();
      script
          .append("; rm -rf '")
          .append(p)
          .append("'/* '")
          .append(p)
          .append("'/.[!.]* '")
          .append(p)
          .append("'/..?*");
    }
    String helper =
        docker
            .createContainerCmd(backup.imageId != null ? backup.imageId : backup.image)
            .withName(
                "shipshape-clear-"
                    + backup.id.substring(0, 8)
                    + "-"
                    + UUID.randomUUID().toString().substring(0, 6))
            .withLabels(Map.of(Labels.SCRATCH, "true"))
            .withEntrypoint("/bin/sh", "-c", script.toString())
            .withCmd(List.of())
            .withHostConfig(HostConfig.newHostConfig().withVolumesFrom(new VolumesFrom(id)))
            .exec()
            .getId();
    try {
      docker.startContainerCmd(helper).exec();
      Integer code =
          docker
              .waitContainerCmd(helper)
              .start()
              .awaitStatusCode(settings.readyTimeout().toSeconds(), TimeUnit.SECONDS);
      if (code == null || code != 0) {
        throw new BackupFailure(
            "restore",
            "could not empty the volumes before the restore (exit " + code + ")",
            Containers.logTail(docker, helper));
      }
    } finally {
      containers.removeScratch(docker, helper);
    }
  }

  /** Streams the stored archive into the container at "/" (or under {@code root}). */
  private void extract(DockerClient docker, String id, InputStream stored, String root) {
    StreamPipe pipe = new StreamPipe();
    Future<?> rewrite =
        streams.submit(
            () -> {
              try (TarArchiveOutputStream tar = TarFiles.writer(pipe.output())) {
                if (root != null) {
                  TarArchiveEntry dir = new TarArchiveEntry(root + "/");
                  dir.setMode(0755);
                  tar.putArchiveEntry(dir);
                  tar.closeArchiveEntry();
                }
                TarFiles.copy(stored, tar, root == null ? "" : root);
                tar.finish();
              } catch (IOException | RuntimeException e) {
                pipe.fail("the stored archive could not be read: " + e.getMessage());
              }
              return null;
            });
    try {
      docker
          .copyArchiveToContainerCmd(id)
          .withRemotePath("/")
          .withTarInputStream(pipe.input())
          .exec();
      rewrite.get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      rewrite.cancel(true);
      throw new BackupFailure(
          "restore", "extracting the archive into the container failed", e.getMessage());
    }
  }

  private List<Mount> mounts(Target target) {
    InspectContainerResponse c = target.container();
    List<Mount> mounts =
        c.getMounts() == null
            ? List.of()
            : c.getMounts().stream()
                .filter(m -> m.getDestination() != null && m.getDestination().getPath() != null)
                .sorted(Comparator.comparing(m -> m.getDestination().getPath()))
                .toList();
    if (mounts.isEmpty()) {
      throw new BackupFailure(
          "volume",
          "container " + target.name() + " on " + target.host() + " has no volume to back up");
    }
    for (Mount m : mounts) {
      if (m.getName() != null && !m.getName().isBlank()) {
        try {
          target.docker().inspectVolumeCmd(m.getName()).exec();
        } catch (NotFoundException e) {
          String missing = m.getName() + " of " + target.name() + " does not exist on ";
          throw new BackupFailure("volume", "volume " + missing + target.host());
        }
      }
    }
    return mounts;
  }

  private static String label(Mount m) {
    return m.getName() != null ? m.getName() : m.getDestination().getPath();
  }

  private static String strip(String path) {
    return path.replaceFirst("^/+", "");
  }
}
