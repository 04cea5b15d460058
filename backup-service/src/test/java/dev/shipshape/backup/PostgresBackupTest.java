package dev.shipshape.backup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.backup.config.S3Settings;
import dev.shipshape.backup.storage.ObjectStore;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A Postgres database with several tables is dumped inside its own container, streamed to the real
 * S3 server, restored into a scratch container and found identical, table by table.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class PostgresBackupTest {
  @Inject S3Client s3;
  @Inject S3Settings s3Settings;
  @Inject ObjectStore objects;

  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  static void seed(BackupFixture f, String db) {
    f.sql(db, "CREATE TABLE customers (id serial PRIMARY KEY, name text)");
    f.sql(db, "INSERT INTO customers (name) SELECT 'c' || i FROM generate_series(1, 3) i");
    f.sql(db, "CREATE TABLE orders (id serial PRIMARY KEY, customer int, total numeric)");
    f.sql(
        db,
        "INSERT INTO orders (customer, total) SELECT i % 3 + 1, i FROM generate_series(1, 2500) i");
    f.sql(db, "CREATE SCHEMA audit");
    f.sql(db, "CREATE TABLE audit.events (at timestamptz DEFAULT now(), what text)");
    f.sql(db, "INSERT INTO audit.events (what) SELECT md5(i::text) FROM generate_series(1, 40) i");
    f.sql(db, "CREATE TABLE empty_table (x int)");
  }

  @Test
  void aDatabaseWithSeveralTablesIsBackedUpRestoredAndMatchesTableByTable() throws Exception {
    String db = fixture.startPostgres("db");
    seed(fixture, db);
    Map<String, Long> expected = fixture.counts(db);

    String updateId = fixture.requestBackup("db", "postgres", db, null);
    BackupVerified verified = fixture.outcome(Topics.BACKUP_VERIFIED, updateId);

    assertEquals(
        Map.of(
            "audit.events",
            40L,
            "public.customers",
            3L,
            "public.empty_table",
            0L,
            "public.orders",
            2500L),
        verified.captured());
    assertEquals(expected, verified.captured());
    assertTrue(
        verified.objectKey().startsWith(fixture.stack + "/" + BackupFixture.HOST_1 + "/db/"));
    assertTrue(verified.objectKey().endsWith("-" + updateId));
    byte[] stored =
        s3.getObjectAsBytes(b -> b.bucket(s3Settings.bucket()).key(verified.objectKey()))
            .asByteArray();
    assertEquals(verified.sizeBytes(), stored.length);
    assertEquals(
        verified.sha256(),
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
    // A custom-format dump starts with its magic.
    assertEquals("PGDMP", new String(stored, 0, 5));

    JsonPath manifest =
        JsonPath.from(
            s3.getObjectAsBytes(
                    b -> b.bucket(s3Settings.bucket()).key(verified.objectKey() + ".manifest.json"))
                .asUtf8String());
    assertEquals(verified.sha256(), manifest.getString("sha256"));
    assertEquals("postgres", manifest.getString("kind"));
    assertEquals(2500, manifest.getInt("captured.'public.orders'"));

    JsonPath shown =
        given()
            .get("/api/backups/" + verified.backupId())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("VERIFIED", shown.getString("status"));
    assertEquals(
        List.of("size", "checksum", "restore", "scratch-removed"), shown.getList("checks.check"));
    assertEquals(List.of(true, true, true, true), shown.getList("checks.passed"));
    assertTrue(
        fixture.scratchContainers(verified.backupId()).isEmpty(),
        "scratch containers left: " + fixture.scratchContainers(verified.backupId()));
    given()
        .queryParam("stack", fixture.stack)
        .queryParam("service", "db")
        .get("/api/backups")
        .then()
        .statusCode(200)
        .body("size()", equalTo(1))
        .body("[0].id", equalTo(verified.backupId()));
    // The password reached the engine only as exec env: it is in no answer.
    assertTrue(!shown.prettify().contains(BackupFixture.PASSWORD));
  }

  private BackupVerified verifiedBackup() {
    String db = fixture.startPostgres("db");
    seed(fixture, db);
    return fixture.outcome(
        Topics.BACKUP_VERIFIED, fixture.requestBackup("db", "postgres", db, null));
  }

  private void overwrite(String key, byte[] bytes) {
    objects.retry(
        "overwrite " + key,
        () ->
            s3.putObject(
                b -> b.bucket(s3Settings.bucket()).key(key), RequestBody.fromBytes(bytes)));
  }

  private byte[] stored(String key) {
    return objects.retry(
        "read " + key,
        () -> s3.getObjectAsBytes(b -> b.bucket(s3Settings.bucket()).key(key)).asByteArray());
  }

  @Test
  void aByteFlippedInTheStoredObjectIsCaughtByTheChecksumOnARestoreDrill() {
    BackupVerified verified = verifiedBackup();
    byte[] bytes = stored(verified.objectKey());
    bytes[bytes.length / 2] ^= 0x01;
    overwrite(verified.objectKey(), bytes);

    JsonPath drill =
        given()
            .post("/api/backups/" + verified.backupId() + "/verify")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertEquals("FAILED", drill.getString("status"));
    assertEquals("checksum", drill.getString("failedCheck"));
    assertTrue(
        drill.getString("evidence").contains(verified.sha256()), drill.getString("evidence"));
    List<String> failedChecks = drill.getList("checks.findAll { !it.passed }.check");
    assertEquals(List.of("checksum"), failedChecks);
  }

  @Test
  void aDumpThatCannotBeRestoredFailsTheScratchRestoreAndTheScratchIsRemoved() throws Exception {
    BackupVerified verified = verifiedBackup();
    byte[] bytes = stored(verified.objectKey());
    // Damaged before it was hashed (e.g. in the container): the checksum matches, the restore does
    // not.
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3);
    overwrite(verified.objectKey(), truncated);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(truncated));
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
        .run(
            () -> {
              dev.shipshape.backup.persistence.Backup b =
                  dev.shipshape.backup.persistence.Backup.findById(verified.backupId());
              b.sha256 = sha;
              b.sizeBytes = (long) truncated.length;
            });

    JsonPath drill =
        given()
            .post("/api/backups/" + verified.backupId() + "/verify")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertEquals("FAILED", drill.getString("status"));
    assertEquals("restore", drill.getString("failedCheck"));
    assertTrue(drill.getString("reason").contains("pg_restore"), drill.getString("reason"));
    assertTrue(
        fixture.scratchContainers(verified.backupId()).isEmpty(),
        "scratch containers left: " + fixture.scratchContainers(verified.backupId()));
  }

  @Test
  void aFailingPgDumpFailsTheBackupWithTheTailOfItsStderr() {
    String db = fixture.startPostgres("db");
    seed(fixture, db);
    String file = fixture.sql(db, "SELECT pg_relation_filepath('orders')");
    fixture.exec(db, "rm", "-f", "/var/lib/postgresql/data/" + file);

    String updateId = fixture.requestBackup("db", "postgres", db, null);
    BackupFailed failed = fixture.outcome(Topics.BACKUP_FAILED, updateId);

    assertEquals("dump", failed.check());
    assertTrue(failed.reason().contains(db), failed.reason());
    assertTrue(failed.evidence().contains("could not open file"), failed.evidence());
    assertTrue(failed.evidence().contains("orders"), failed.evidence());
  }

  @Test
  void aMissingContainerFailsTheBackupNamingIt() {
    String missing = fixture.name("gone");
    String updateId = fixture.requestBackup("gone", "postgres", missing, null);
    BackupFailed failed = fixture.outcome(Topics.BACKUP_FAILED, updateId);

    assertEquals("container", failed.check());
    assertTrue(failed.reason().contains(missing), failed.reason());
    assertTrue(failed.reason().contains(BackupFixture.HOST_1), failed.reason());
  }

  @Test
  void badOnDemandRequestsAreRefusedWithEveryProblem() {
    given()
        .contentType("application/json")
        .body(Map.of("stack", "s", "host", "nowhere", "kind", "tape", "mode", "lukewarm"))
        .post("/api/backups")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "problems.field",
            org.hamcrest.Matchers.hasItems("service", "container", "host", "kind", "mode"));
  }
}
