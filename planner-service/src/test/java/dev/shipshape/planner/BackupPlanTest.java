package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.plan.BackupPlan;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.registry.ImagePins;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which backups an update needs, and the specs it deploys: pure logic, no infrastructure. */
class BackupPlanTest {
  static final ComposeFile STACK =
      ComposeReader.read(
          """
          services:
            db:
              image: postgres:15.4.0
              volumes: [pgdata:/var/lib/postgresql/data]
            vectors:
              image: qdrant/qdrant:v1.9.2
              volumes: [qdrant:/qdrant/storage]
            files:
              image: minio/minio:2024-01-01
              volumes: [blobs:/data]
              x-shipshape: {backup: cold}
            agent:
              image: ghcr.io/acme/agent:1.0.0
              container_name: the-agent
              depends_on: [db, vectors]
          volumes: {pgdata: {}, qdrant: {}, blobs: {}}
          """,
          Map.of(),
          null);

  private static List<UpdateBackup> backups(Map<String, ServiceChange> changes) {
    UpdateRequested r =
        UpdateRequested.of(
            "r", "shop", changes, null, new Rollout(List.of("h1"), 1, 1, null), "a", null);
    List<Wave> plan = Planner.plan(STACK, List.of("h1", "h2"), r);
    return BackupPlan.backups("shop", STACK, r, plan);
  }

  @Test
  void everyChangedStatefulServiceIsBackedUpOnEachHostOfItsWaveByTheRightMethod() {
    List<UpdateBackup> b =
        backups(
            Map.of(
                "db", new ServiceChange("postgres:15.5.0", null, null),
                "vectors", new ServiceChange("qdrant/qdrant:v1.9.3", null, null),
                "files", new ServiceChange("minio/minio:2024-02-01", null, null),
                "agent", new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null)));
    assertEquals(6, b.size(), "three stateful services on two hosts; the agent holds no data");
    assertEquals(
        List.of("postgres", "snapshot", "volume"), b.stream().limit(3).map(x -> x.kind).toList());
    assertEquals("cold", b.get(2).mode);
    assertEquals("shop-db-1", b.get(0).container);
    assertEquals(List.of(0, 0, 0, 1, 1, 1), b.stream().map(x -> x.wave).toList());
    b.forEach(x -> assertNull(x.restoreForSeq, "no migration: nothing to restore on rollback"));
  }

  @Test
  void aFirstDeployCreatesEveryNamedServiceEvenAtItsComposeImageAndHasNothingToBackUp() {
    UpdateRequested r =
        UpdateRequested.of(
            "r",
            "shop",
            Map.of(
                "db", new ServiceChange("postgres:15.4.0", null, null),
                "agent", new ServiceChange("ghcr.io/acme/agent:1.0.0", null, null)),
            null,
            new Rollout(List.of("h1"), 1, 1, null),
            "a",
            null);
    Planner.Running nothingYet = Planner.Running.absentWhereNeverDeployed((host, service) -> null);
    List<Wave> plan = Planner.plan(STACK, List.of("h1", "h2"), r, ImagePins.NONE, nothingYet);
    assertEquals(
        List.of("db", "agent"), plan.get(0).steps().stream().map(s -> s.service()).toList());
    assertEquals(2, plan.get(1).steps().size());
    assertEquals(List.of(), BackupPlan.backups("shop", STACK, r, plan, nothingYet));
    // Without the first-deploy registration the compose file is what runs: nothing to change.
    assertEquals(0, Planner.plan(STACK, List.of("h1", "h2"), r).get(0).steps().size());
  }

  @Test
  void aMigrationBacksUpTheStatefulServicesItDependsOnAndMarksThemForRestoreWhenNotCompatible() {
    List<UpdateBackup> b =
        backups(
            Map.of(
                "agent",
                new ServiceChange("ghcr.io/acme/agent:2.0.0", null, new Migration(true, false))));
    assertEquals(
        List.of("db", "vectors", "db", "vectors"), b.stream().map(x -> x.service).toList());
    assertEquals(List.of(0, 0, 1, 1), b.stream().map(x -> x.restoreForSeq).toList());

    List<UpdateBackup> compatible =
        backups(
            Map.of(
                "agent",
                new ServiceChange("ghcr.io/acme/agent:2.0.0", null, new Migration(true, true))));
    assertEquals(4, compatible.size(), "a migration is always backed up first");
    compatible.forEach(x -> assertNull(x.restoreForSeq, "backward-compatible: data stays"));
  }

  @Test
  void theSpecIsWhatComposeWouldRunWithTheChangeOnTopOfWhatRunsNow() {
    var agent = STACK.services().get("agent");
    ServiceSpec running =
        new ServiceSpec(
            "ghcr.io/acme/agent:1.1.0",
            "the-agent",
            Map.of("MODEL", "llama3", "FLAG", "on"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ServiceSpec spec =
        ServiceSpecs.target(
            "shop",
            agent,
            new ServiceChange("ghcr.io/acme/agent:1.2.0", Map.of("MODEL", "llama3.1"), null),
            running,
            "PT1M");
    assertEquals("the-agent", spec.containerName());
    assertEquals(Map.of("MODEL", "llama3.1", "FLAG", "on"), spec.env(), "earlier changes kept");
    assertEquals("shop", spec.labels().get("com.docker.compose.project"));
    assertEquals("PT1M", spec.labels().get(Labels.WINDOW));
    ServiceSpec db =
        ServiceSpecs.target(
            "shop",
            STACK.services().get("db"),
            new ServiceChange("postgres:15.5.0", null, null),
            null,
            null);
    assertEquals("shop_pgdata", db.volumes().get(0).source(), "compose's volume name");
    assertEquals(
        List.of(new NetworkAttachment("shop_default", List.of("db"))),
        db.networks(),
        "compose's default network, reachable by the service's name");
    assertNull(db.labels().get(Labels.SHAREABLE), "not declared shareable");
  }
}
