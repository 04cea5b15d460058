package dev.shipshape.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * How backups are taken, stored, verified and kept, and the container engine of each host this
 * instance serves ({@code shipshape.backup.engines."host-1"=unix:///…}).
 */
@ConfigMapping(prefix = "shipshape.backup")
public interface BackupSettings {
  /** Docker host per host id; a request for any other host is left to another instance. */
  Map<String, String> engines();

  /** Verified backup sets kept per service (at least 2). */
  @WithDefault("3")
  int keep();

  /**
   * A backup larger than this many times, or smaller than 1/this, the median of the service's
   * recent verified backups fails the size check.
   */
  @WithDefault("10")
  double sizeRatio();

  /** How many recent verified backups the size check compares with. */
  @WithDefault("5")
  int sizeHistory();

  /** Size of one multipart part; two are in memory at once (one filling, one uploading). */
  @WithDefault("8388608")
  int partBytes();

  /** Attempts for each S3 call before the backup fails. */
  @WithDefault("4")
  int s3Attempts();

  @WithDefault("500ms")
  Duration s3Backoff();

  /** How long a container (service or scratch) may take to become ready. */
  @WithDefault("90s")
  Duration readyTimeout();

  /** Stop grace period: a database must shut down cleanly, never be killed. */
  @WithDefault("30s")
  Duration stopTimeout();

  /**
   * How often the worker looks for queued jobs it was not woken for. The scheduler reads the
   * property itself; it is declared here so that an unreadable value stops startup naming it.
   */
  @WithDefault("2s")
  Duration pollInterval();

  /** Bound on one dump, archive or restore. */
  @WithDefault("2h")
  Duration jobTimeout();
}
