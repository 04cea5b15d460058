package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second engine kind: a database and a volume on the Podman host are backed up, verified in a
 * scratch container there and restored, through the same engine API calls as on Docker Engine.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class PodmanBackupTest {
  static final String HOST = "backup-test-podman";
  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture(HOST);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void theEngineIsPodman() {
    assertEquals(
        "Podman Engine", fixture.docker.versionCmd().exec().getComponents().get(0).getName());
  }

  @Test
  void aDatabaseIsBackedUpVerifiedAndRestored() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    Map<String, Long> before = fixture.counts(db);
    BackupVerified verified =
        fixture.outcome(Topics.BACKUP_VERIFIED, fixture.requestBackup("db", "postgres", db, null));
    assertEquals(before, verified.captured());
    assertTrue(fixture.scratchContainers(verified.backupId()).isEmpty(), "scratch removed");

    fixture.sql(db, "DELETE FROM orders WHERE id > 10");
    assertNotEquals(before, fixture.counts(db));
    RestoreDone done =
        fixture.outcome(Topics.RESTORE_DONE, fixture.requestRestore("db", verified.backupId()));
    assertEquals(verified.backupId(), done.backupId());
    assertEquals(before, fixture.counts(db));
  }

  @Test
  void aVolumeIsBackedUpVerifiedAndRestored() {
    String name = fixture.startWithVolume("files", fixture.stack + "-files");
    fixture.exec(name, "sh", "-c", "mkdir -p /data/sub && echo hello > /data/sub/a.txt");
    BackupVerified verified =
        fixture.outcome(
            Topics.BACKUP_VERIFIED, fixture.requestBackup("files", "volume", name, null));
    assertEquals(1L, verified.captured().get("files"));

    fixture.exec(name, "sh", "-c", "echo changed > /data/sub/a.txt");
    fixture.outcome(Topics.RESTORE_DONE, fixture.requestRestore("files", verified.backupId()));
    assertEquals("hello", fixture.exec(name, "cat", "/data/sub/a.txt").stdout().strip());
  }
}
