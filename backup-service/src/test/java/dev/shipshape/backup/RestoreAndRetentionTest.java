package dev.shipshape.backup;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.backup.config.S3Settings;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreFailed;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A verified Postgres backup restored into the live service brings back exactly the captured
 * tables; retention keeps the last two verified sets, and never one of an update still in flight or
 * the one that goes with the service's last known-good release.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class RestoreAndRetentionTest {
  @Inject S3Client s3;
  @Inject S3Settings s3Settings;
  @Inject EntityManager em;

  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private String restore(String backupId, String service) {
    String updateId = UUID.randomUUID().toString();
    fixture.publish(
        EventEnvelope.of(
            updateId,
            fixture.stack,
            BackupFixture.HOST_1,
            RestoreRequested.of(
                fixture.stack, BackupFixture.HOST_1, service, backupId, "migration rolled back")));
    return updateId;
  }

  @Test
  void aRestoreBringsTheDatabaseBackToTheCapturedTablesAndCounts() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    Map<String, Long> before = fixture.counts(db);
    BackupVerified verified =
        fixture.outcome(Topics.BACKUP_VERIFIED, fixture.requestBackup("db", "postgres", db, null));
    // A migration that is not backward compatible: data deleted, a table added.
    fixture.sql(db, "DELETE FROM orders WHERE id > 10");
    fixture.sql(db, "CREATE TABLE migrated (x int)");
    assertFalse(before.equals(fixture.counts(db)));

    RestoreDone done = fixture.outcome(Topics.RESTORE_DONE, restore(verified.backupId(), "db"));

    assertEquals(verified.backupId(), done.backupId());
    assertEquals(before, fixture.counts(db));
    assertEquals("c1", fixture.sql(db, "SELECT name FROM customers WHERE id = 1"));
  }

  @Test
  void aRestoreOfAnUnknownBackupFailsWithTheReason() {
    String missing = UUID.randomUUID().toString();
    RestoreFailed failed = fixture.outcome(Topics.RESTORE_FAILED, restore(missing, "db"));
    assertTrue(failed.reason().contains(missing), failed.reason());
  }

  private boolean stored(String key) {
    try {
      s3.headObject(b -> b.bucket(s3Settings.bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private String onDemand(String db) {
    String job =
        given()
            .contentType("application/json")
            .body(
                Map.of(
                    "stack",
                    fixture.stack,
                    "host",
                    BackupFixture.HOST_1,
                    "service",
                    "db",
                    "kind",
                    "postgres",
                    "container",
                    db))
            .post("/api/backups")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getString("id");
    await()
        .atMost(BackupFixture.BOUND)
        .until(
            () ->
                !"REQUESTED"
                    .equals(
                        given().get("/api/backups/jobs/" + job).jsonPath().getString("status")));
    return given()
        .get("/api/backups/jobs/" + job)
        .then()
        .body("status", org.hamcrest.Matchers.equalTo("DONE"))
        .extract()
        .jsonPath()
        .getString("backupId");
  }

  private String status(String id) {
    return given().get("/api/backups/" + id).jsonPath().getString("status");
  }

  @Test
  void retentionKeepsTheLastTwoSetsAndNeverOneOfAnUpdateInFlight() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    String inFlightUpdate = fixture.requestBackup("db", "postgres", db, null);
    BackupVerified inFlight = fixture.outcome(Topics.BACKUP_VERIFIED, inFlightUpdate);
    String first = onDemand(db);
    String second = onDemand(db);
    String third = onDemand(db);

    // Kept: the two newest, and the oldest because its update has not ended.
    assertEquals("VERIFIED", status(third));
    assertEquals("VERIFIED", status(second));
    assertEquals("EXPIRED", status(first));
    assertEquals("VERIFIED", status(inFlight.backupId()));
    String firstKey = given().get("/api/backups/" + first).jsonPath().getString("objectKey");
    assertFalse(stored(firstKey), "the expired object is deleted");
    assertFalse(stored(firstKey + ".manifest.json"), "the expired manifest is deleted");
    assertTrue(stored(inFlight.objectKey()));

    fixture.publish(
        EventEnvelope.of(
            inFlightUpdate,
            fixture.stack,
            null,
            UpdateCompleted.of(fixture.stack, "succeeded", "done", 1000)));

    await().atMost(BackupFixture.BOUND).until(() -> "EXPIRED".equals(status(inFlight.backupId())));
    assertFalse(stored(inFlight.objectKey()));
    assertEquals(List.of("VERIFIED", "VERIFIED"), List.of(status(third), status(second)));
  }

  @Test
  void retentionNeverExpiresTheBackupTakenWhileTheLastKnownGoodReleaseRan() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    fixture.publish(
        EventEnvelope.of(
            UUID.randomUUID().toString(),
            fixture.stack,
            BackupFixture.HOST_1,
            ReleaseVerified.of(
                fixture.stack,
                BackupFixture.HOST_1,
                "db",
                BackupFixture.POSTGRES,
                "sha256:" + "a".repeat(64),
                "5s")));
    await().atMost(BackupFixture.BOUND).until(() -> knownGood("db") != null);
    assertEquals(BackupFixture.POSTGRES, knownGood("db"));
    String ofKnownGood = onDemand(db);

    // The next release (another reference to the image) runs on the same data volume.
    String next = "localhost/shipshape/postgres:15.0.1-next";
    fixture
        .docker
        .tagImageCmd(BackupFixture.POSTGRES, "localhost/shipshape/postgres", "15.0.1-next")
        .exec();
    fixture.retire(db);
    db = fixture.startPostgres("db", next);
    String first = onDemand(db);
    String second = onDemand(db);
    String third = onDemand(db);

    assertEquals("VERIFIED", status(third));
    assertEquals("VERIFIED", status(second));
    assertEquals("EXPIRED", status(first), "beyond the two kept, and of no known-good release");
    assertEquals("VERIFIED", status(ofKnownGood), "the data of the last known-good release");
    assertTrue(
        stored(given().get("/api/backups/" + ofKnownGood).jsonPath().getString("objectKey")));
  }

  private String knownGood(String service) {
    List<?> images =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "SELECT image FROM known_good WHERE stack = ?1 AND service = ?2")
                        .setParameter(1, fixture.stack)
                        .setParameter(2, service)
                        .getResultList());
    return images.isEmpty() ? null : (String) images.get(0);
  }
}
