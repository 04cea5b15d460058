package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vector store is backed up through its snapshot API (every collection counted, snapshotted and
 * downloaded), verified by uploading the snapshots into a scratch instance and counting points.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class SnapshotBackupTest {
  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private void collection(String store, String name, int points) throws Exception {
    fixture.vectors(
        store, "PUT", "/collections/" + name, "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}");
    String body =
        IntStream.rangeClosed(1, points)
            .mapToObj(
                i ->
                    "{\"id\":"
                        + i
                        + ",\"vector\":[0."
                        + i
                        + ",0.2,0.3],\"payload\":{\"n\":"
                        + i
                        + "}}")
            .collect(Collectors.joining(",", "{\"points\":[", "]}"));
    fixture.vectors(store, "PUT", "/collections/" + name + "/points?wait=true", body);
  }

  @Test
  void aVectorStoreIsBackedUpBySnapshotAndVerifiedInAScratchInstance() throws Exception {
    String store = fixture.startVectors("vectors");
    collection(store, "docs", 12);
    collection(store, "faq", 5);

    BackupVerified verified =
        fixture.outcome(
            Topics.BACKUP_VERIFIED, fixture.requestBackup("vectors", "snapshot", store, null));

    assertEquals(Map.of("docs", 12L, "faq", 5L), verified.captured());
    assertTrue(verified.sizeBytes() > 0);
    assertTrue(fixture.scratchContainers(verified.backupId()).isEmpty());

    // Lost points come back with a restore from the snapshot.
    fixture.vectors(store, "PUT", "/collections/docs", "{}");
    fixture.exec(store, "sh", "-c", "rm -f /qdrant/storage/collections/docs/points/*");
    String updateId = UUID.randomUUID().toString();
    fixture.publish(
        EventEnvelope.of(
            updateId,
            fixture.stack,
            BackupFixture.HOST_1,
            RestoreRequested.of(
                fixture.stack, BackupFixture.HOST_1, "vectors", verified.backupId(), "test")));
    RestoreDone done = fixture.outcome(Topics.RESTORE_DONE, updateId);
    assertEquals(verified.backupId(), done.backupId());
    assertTrue(
        fixture.vectors(store, "GET", "/collections/docs", null).contains("\"points_count\":12"));
  }
}
