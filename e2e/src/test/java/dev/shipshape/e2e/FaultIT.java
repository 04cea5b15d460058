package dev.shipshape.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.event.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite at CI size: two stacks updated at once on two hosts while each service is killed
 * once, then the broker and the database restarted, then storage cut during a backup and a stored
 * backup flipped. {@code deploy/local/faults} runs the same suite at full size.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {
  static FaultSuite suite;

  @BeforeAll
  static void deployTheStacks() throws Exception {
    suite = new FaultSuite(new FaultSuite.Size(2, 1, 20261201L));
    suite.deployStacks();
  }

  @AfterAll
  static void report() throws Exception {
    if (suite != null) {
      String report = suite.report();
      System.out.print(report);
      Files.writeString(Path.of("target/fault-suite.txt"), report);
      suite.close();
    }
  }

  @Test
  @Order(1)
  void killedServicesLoseNothingAndDoNothingTwice() throws Exception {
    FaultSuite.Phase phase = suite.killServicesDuringUpdates();
    assertEquals(List.of(), phase.audit().violations);
    assertEquals(
        FaultSuite.VICTIMS.size(),
        phase.faults().entrySet().stream()
            .filter(e -> e.getKey().startsWith("kill -9"))
            .mapToInt(Map.Entry::getValue)
            .sum(),
        "every service was killed while updates ran: " + phase.faults());
  }

  @Test
  @Order(2)
  void aRestartedBrokerAndDatabaseLoseNothing() throws Exception {
    FaultSuite.Phase phase = suite.restartBrokerAndDatabaseDuringUpdates();
    assertEquals(List.of(), phase.audit().violations);
    assertEquals(Map.of("restart kafka", 1, "restart postgres", 1), phase.faults());
  }

  @Test
  @Order(3)
  void unreachableStorageFailsTheUpdateBeforeAnyDeploy() throws Exception {
    FaultSuite.Phase phase = suite.storageUnreachableDuringBackup();
    assertNothingDeployedAfterAFailedBackup(phase, "upload");
  }

  @Test
  @Order(4)
  void aFlippedByteInAStoredBackupIsCaughtBeforeAnyDeploy() throws Exception {
    FaultSuite.Phase phase = suite.flippedByteInStoredBackup();
    assertEquals(Map.of("bytes flipped", 1), phase.faults());
    assertNothingDeployedAfterAFailedBackup(phase, "checksum");
  }

  private static void assertNothingDeployedAfterAFailedBackup(FaultSuite.Phase phase, String check)
      throws Exception {
    assertEquals(List.of(), phase.audit().violations);
    String id = phase.updates().get(0);
    JsonNode view = suite.view(id);
    assertEquals("FAILED", view.path("status").asText(), view.toString());
    assertEquals(0, phase.audit().deploys, "nothing deployed without a verified backup");
    Map<TopicPartition, Long> fromStart = Map.of();
    List<FaultAudit.Event> failed = suite.events(Topics.BACKUP_FAILED, fromStart, List.of(id));
    assertEquals(1, failed.size(), "one backup failed: " + failed);
    assertEquals(
        check, failed.get(0).payload().path("check").asText(), failed.get(0).payload().toString());
    assertTrue(view.path("backups").toString().contains("FAILED"), "the update shows it: " + view);
  }
}
