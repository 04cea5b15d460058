package dev.shipshape.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where backups are stored: an S3-compatible endpoint and bucket. */
@ConfigMapping(prefix = "shipshape.s3")
public interface S3Settings {
  String endpoint();

  String region();

  String accessKey();

  String secretKey();

  String bucket();

  @WithDefault("5s")
  Duration connectTimeout();

  /** A read that waits longer than this for a byte counts as a failed attempt (a stuck server). */
  @WithDefault("60s")
  Duration readTimeout();
}
