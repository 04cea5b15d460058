package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.backup.storage.ObjectStore;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The backup service records requests from the real broker and reaches the real S3 server. */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class BackupContractTest extends ServiceContractTest {
  @Inject ObjectStore objects;

  @Override
  protected String topic() {
    return Topics.BACKUP_REQUESTED;
  }

  @Override
  protected EventEnvelope<? extends Payload> sampleEvent() {
    BackupRequested request =
        BackupRequested.of(
            "shop",
            BackupFixture.HOST_1,
            "db",
            "postgres",
            "bk-contract-missing-db-1",
            BackupFixture.POSTGRES,
            null);
    return EventEnvelope.of(UUID.randomUUID().toString(), "shop", BackupFixture.HOST_1, request);
  }

  @Override
  protected long recordedRowsFor(EventEnvelope<? extends Payload> event) {
    return count("SELECT count(*) FROM backup_job WHERE event_id = ?1", event.eventId());
  }

  @Override
  protected List<String> expectedReadinessChecks() {
    return List.of(
        "Database connections health check",
        "Kafka connection health check",
        "Container engine",
        "Backup storage");
  }

  @Override
  protected String apiPath() {
    return "/api/backups";
  }

  @Test
  void anObjectWrittenToS3ReadsBackTheSame() throws Exception {
    String key = "contract-test/" + UUID.randomUUID();
    String body = "backup bytes " + UUID.randomUUID();

    // Through the service's own store, with its bounded retries, as a backup is written.
    objects.putText(key, body, "text/plain");
    String read;
    try (var in = objects.open(key)) {
      read = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    objects.delete(key);

    assertEquals(body, read);
  }
}
