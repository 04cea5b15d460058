package dev.shipshape.backup.config;

import io.smallrye.config.ConfigMapping;

/** Where backups are stored: an S3-compatible endpoint and bucket. */
@ConfigMapping(prefix = "shipshape.s3")
public interface S3Settings {
  String endpoint();

  String region();

  String accessKey();

  String secretKey();

  String bucket();
}
