package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.TcpProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S3 unreachable or stuck: bounded retries, then backup.failed naming the storage; healed, the next
 * backup goes through.
 */
@QuarkusTest
@WithTestResource(
    value = CuttableStorage.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class StorageFaultsTest {
  TcpProxy proxy;
  BackupFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new BackupFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.mode(TcpProxy.Mode.FORWARD);
    fixture.close();
  }

  private void assertStorageFailure(BackupFailed failed) {
    assertEquals("upload", failed.check());
    assertTrue(failed.reason().contains("did not answer"), failed.reason());
    assertTrue(failed.reason().contains("after 3 attempts"), failed.reason());
  }

  @Test
  void unreachableStorageFailsTheBackupAfterBoundedRetriesAndHealedItWorksAgain() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    proxy.mode(TcpProxy.Mode.REFUSE);

    BackupFailed failed =
        fixture.outcome(Topics.BACKUP_FAILED, fixture.requestBackup("db", "postgres", db, null));
    assertStorageFailure(failed);

    proxy.mode(TcpProxy.Mode.FORWARD);
    BackupVerified verified =
        fixture.outcome(Topics.BACKUP_VERIFIED, fixture.requestBackup("db", "postgres", db, null));
    assertEquals(2500L, verified.captured().get("public.orders"));
  }

  @Test
  void stuckStorageFailsTheBackupWithinTheTimeouts() {
    String db = fixture.startPostgres("db");
    PostgresBackupTest.seed(fixture, db);
    proxy.mode(TcpProxy.Mode.STALL);
    long t0 = System.nanoTime();

    BackupFailed failed =
        fixture.outcome(Topics.BACKUP_FAILED, fixture.requestBackup("db", "postgres", db, null));

    assertStorageFailure(failed);
    assertTrue(
        (System.nanoTime() - t0) / 1_000_000_000 < 60, "bounded: three 2 s timeouts and backoff");
  }
}
