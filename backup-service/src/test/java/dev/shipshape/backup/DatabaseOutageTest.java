package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.backup.job.Catalog;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupCheck;
import dev.shipshape.common.persistence.DatabaseWait;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while a backup records its checks, as in a database restart during an
 * update: the catalog waits for it and records the check, instead of failing a good backup.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "backup"))
class DatabaseOutageTest {
  @Inject Catalog catalog;

  @Test
  void aCheckRecordedWhileTheDatabaseIsAwayIsRecordedOnceItIsBack() throws Exception {
    Backup b = backup();
    catalog.begin(b);

    CompletableFuture<Void> check;
    LocalInfrastructure.stop("postgres");
    try {
      check =
          CompletableFuture.runAsync(
              () -> catalog.check(b.id, "checksum", true, "stored object re-read"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> DatabaseWait.waitingNow().contains("Catalog.check"));
    } finally {
      LocalInfrastructure.ensureUp();
    }
    check.get(60, TimeUnit.SECONDS);

    List<BackupCheck> recorded =
        QuarkusTransaction.requiringNew()
            .call(() -> BackupCheck.<BackupCheck>list("backupId", b.id));
    assertEquals(List.of("checksum"), recorded.stream().map(c -> c.checkName).toList());
  }

  private static Backup backup() {
    Backup b = new Backup();
    b.id = UUID.randomUUID().toString();
    b.updateId = "outage-" + b.id;
    b.stack = "outage";
    b.host = "test-host-1";
    b.service = "db";
    b.kind = "volume";
    b.mode = "hot";
    b.container = "outage-db-1";
    b.image = "localhost/shipshape/httpd:1.0.0";
    b.objectKey = "outage/test-host-1/db/" + b.id;
    b.requestedBy = "api";
    b.status = Backup.Status.TAKING;
    b.createdAt = Instant.now();
    return b;
  }
}
