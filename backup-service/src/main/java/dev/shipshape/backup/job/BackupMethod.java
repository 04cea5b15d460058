package dev.shipshape.backup.job;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.backup.persistence.Backup;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * One way of backing up a kind of service (postgres, volume, snapshot): take it as a stream,
 * restore it into a scratch instance and report what is there, and restore it into the live
 * service.
 */
public interface BackupMethod {
  /** The service's container on its host's engine. */
  record Target(DockerClient docker, String host, InspectContainerResponse container, String mode) {
    public String name() {
      return container.getName().replaceFirst("^/", "");
    }
  }

  /**
   * What a backup holds: counts by name (tables → rows, or files and bytes, or collections →
   * points), and for archives a checksum per file.
   */
  record Capture(Map<String, Long> counts, Map<String, String> files) {}

  String kind();

  /** Streams the backup to {@code out} (not closed here) and returns what it captured. */
  Capture take(Target target, OutputStream out);

  /**
   * Restores {@code stored} into a scratch container of {@code backup.imageId} (no volumes, no
   * ports) and returns what the scratch instance holds. The scratch container is always removed.
   */
  Capture restoreIntoScratch(DockerClient docker, Backup backup, InputStream stored);

  /** Puts the backup back into the live service and returns what it holds afterwards. */
  Capture restoreLive(Target target, Backup backup, InputStream stored);
}
