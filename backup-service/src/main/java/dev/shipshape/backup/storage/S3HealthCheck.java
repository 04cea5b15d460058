package dev.shipshape.backup.storage;

import dev.shipshape.backup.config.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only while the backup bucket can be reached with our credentials. */
@Readiness
@ApplicationScoped
public class S3HealthCheck implements HealthCheck {
  private final S3Client s3;
  private final S3Settings settings;

  public S3HealthCheck(S3Client s3, S3Settings settings) {
    this.s3 = s3;
    this.settings = settings;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("Backup storage")
            .withData("endpoint", settings.endpoint())
            .withData("bucket", settings.bucket());
    try {
      s3.headBucket(b -> b.bucket(settings.bucket()));
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
