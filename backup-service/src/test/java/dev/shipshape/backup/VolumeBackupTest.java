package dev.shipshape.backup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A named volume is archived through the engine, hot or cold (the container stopped and started
 * again), with a checksum per file; verification extracts it into a scratch container and compares
 * every file; a restore puts exactly those files back.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class VolumeBackupTest {
  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private String serviceWithFiles() {
    String name = fixture.startWithVolume("files", fixture.stack + "-files");
    String script =
        "mkdir -p /data/sub/deeper && echo hello > /data/a.txt"
            + " && dd if=/dev/urandom of=/data/sub/b.bin bs=1024 count=300 2>/dev/null"
            + " && printf 'x' > /data/sub/deeper/c && ln -s a.txt /data/link";
    assertEquals(0, fixture.exec(name, "sh", "-c", script).result().exitCode());
    return name;
  }

  private String checksums(String container) {
    return fixture
        .exec(container, "sh", "-c", "cd /data && find . -type f | sort | xargs sha256sum")
        .stdout();
  }

  @Test
  void aHotVolumeBackupRecordsEveryFileAndVerifiesInAScratchContainer() {
    String name = serviceWithFiles();
    InspectContainerResponse before = fixture.docker.inspectContainerCmd(name).exec();

    String updateId = fixture.requestBackup("files", "volume", name, null);
    BackupVerified verified = fixture.outcome(Topics.BACKUP_VERIFIED, updateId);

    assertEquals(Map.of("files", 3L, "bytes", 6L + 300 * 1024 + 1), verified.captured());
    JsonPath shown =
        given()
            .get("/api/backups/" + verified.backupId())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("hot", shown.getString("mode"));
    assertEquals(3, shown.getInt("files"));
    assertEquals(List.of(true, true, true, true), shown.getList("checks.passed"));
    assertTrue(fixture.scratchContainers(verified.backupId()).isEmpty());
    InspectContainerResponse after = fixture.docker.inspectContainerCmd(name).exec();
    assertEquals(
        before.getState().getStartedAt(),
        after.getState().getStartedAt(),
        "a hot backup never stops the service");
  }

  @Test
  void aColdVolumeBackupStopsTheContainerAndStartsItAgain() {
    String name = serviceWithFiles();
    String startedBefore =
        fixture.docker.inspectContainerCmd(name).exec().getState().getStartedAt();

    String updateId = fixture.requestBackup("files", "volume", name, "cold");
    BackupVerified verified = fixture.outcome(Topics.BACKUP_VERIFIED, updateId);

    assertEquals(3L, verified.captured().get("files"));
    InspectContainerResponse after = fixture.docker.inspectContainerCmd(name).exec();
    assertTrue(after.getState().getRunning(), "the service runs again after a cold backup");
    assertNotEquals(
        startedBefore, after.getState().getStartedAt(), "the service was stopped for the archive");
    assertEquals(
        "cold", given().get("/api/backups/" + verified.backupId()).jsonPath().getString("mode"));
  }

  @Test
  void aContainerWithoutAVolumeFailsTheBackupNamingIt() {
    String name = fixture.startWithoutVolume("stateless");
    String updateId = fixture.requestBackup("stateless", "volume", name, null);
    BackupFailed failed = fixture.outcome(Topics.BACKUP_FAILED, updateId);

    assertEquals("volume", failed.check());
    assertTrue(failed.reason().contains(name), failed.reason());
  }

  @Test
  void aRestorePutsBackExactlyTheFilesOfTheBackup() {
    String name = serviceWithFiles();
    String original = checksums(name);
    BackupVerified verified =
        fixture.outcome(
            Topics.BACKUP_VERIFIED, fixture.requestBackup("files", "volume", name, null));
    fixture.exec(
        name,
        "sh",
        "-c",
        "rm /data/a.txt && echo new > /data/added.txt && echo changed > /data/sub/b.bin");
    assertNotEquals(original, checksums(name));

    String updateId = UUID.randomUUID().toString();
    fixture.publish(
        EventEnvelope.of(
            updateId,
            fixture.stack,
            BackupFixture.HOST_1,
            RestoreRequested.of(
                fixture.stack,
                BackupFixture.HOST_1,
                "files",
                verified.backupId(),
                "test rollback")));
    RestoreDone done = fixture.outcome(Topics.RESTORE_DONE, updateId);

    assertEquals(verified.backupId(), done.backupId());
    assertEquals(original, checksums(name));
    assertTrue(fixture.docker.inspectContainerCmd(name).exec().getState().getRunning());
  }
}
