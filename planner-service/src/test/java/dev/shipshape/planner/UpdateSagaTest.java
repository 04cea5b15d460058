package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RestoreDone;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.RollbackVerified;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.PlannerApi;
import dev.shipshape.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The update state machine over the real broker and database, with the test playing the backup
 * service, the host agents and the monitor: the event sequence of a good update, compensation
 * newest first, a restore for a migration that is not backward-compatible, a failed backup that
 * stops everything, redelivered answers, and an operator's rollback and cancel.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class UpdateSagaTest {
  static final String H1 = "planner-test-host-1";
  static final String H2 = "planner-test-host-2";
  static final String STACK_YAML =
      """
      services:
        db:
          image: postgres:15.4.0
          environment:
            POSTGRES_PASSWORD: ${DB_PASSWORD}
          volumes: [pgdata:/var/lib/postgresql/data]
        model:
          image: ollama/ollama:0.3.12
        agent:
          image: ghcr.io/acme/agent:1.0.0
          environment:
            MODEL: llama3
          depends_on: [db, model]
      volumes:
        pgdata: {}
      """;

  final String stack = "saga-" + UUID.randomUUID().toString().substring(0, 8);
  Peers peers;

  @BeforeEach
  void setUp() {
    peers = new Peers(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    PlannerApi.putStack(
        given(),
        stack,
        Map.of(
            "compose",
            STACK_YAML,
            "environment",
            "staging",
            "hosts",
            List.of(H1, H2),
            "variables",
            Map.of("DB_PASSWORD", "pw-" + stack)));
  }

  @AfterEach
  void tearDown() {
    peers.close();
  }

  private String submit(Map<String, ServiceChange> services, List<String> hosts) {
    return submit(services, hosts, 0);
  }

  private String submit(
      Map<String, ServiceChange> services, List<String> hosts, int failureThreshold) {
    return PlannerApi.submit(
        given(),
        PlannerApi.request(
            stack,
            services,
            hosts,
            new Rollout(List.of(H1), 1, failureThreshold, "PT30S"),
            "alice",
            "test"));
  }

  private EventEnvelope<DeployRequested> deployOf(String id, String host, String service) {
    return peers.next(
        Topics.DEPLOY_REQUESTED,
        id,
        (DeployRequested d) -> d.host().equals(host) && d.service().equals(service),
        Duration.ofSeconds(30));
  }

  private EventEnvelope<DeployDone> deployed(String id, String host, String service) {
    return done(id, deployOf(id, host, service).payload());
  }

  /** The deployer's answer to a command already read. */
  private EventEnvelope<DeployDone> done(String id, DeployRequested d) {
    String host = d.host();
    String service = d.service();
    return peers.answer(
        id,
        stack,
        host,
        DeployDone.of(
            stack,
            host,
            service,
            "old/" + service + ":0",
            "sha256:old-" + service + "-" + host,
            d.spec().image(),
            "sha256:new-" + service + "-" + host,
            List.of(),
            Map.of("total", 10L),
            null));
  }

  private void backupVerified(String id, String host, String service) {
    BackupRequested b =
        peers
            .<BackupRequested>next(
                Topics.BACKUP_REQUESTED,
                id,
                r -> r.host().equals(host) && r.service().equals(service),
                Duration.ofSeconds(30))
            .payload();
    assertEquals(stack + "-" + service + "-1", b.container());
    peers.answer(
        id,
        stack,
        host,
        BackupVerified.of(
            "backup-" + host + "-" + service,
            stack,
            host,
            service,
            b.kind(),
            stack + "/" + host + "/" + service + "/" + id,
            1234,
            "abc123",
            Map.of("public.items", 3L)));
  }

  /** The monitor's verdict comes only after the deploy it watched; wait for it like it does. */
  private void verified(String id, String host, String service) {
    awaitState(id, host, service, "DEPLOYED");
    peers.answer(
        id,
        stack,
        host,
        ReleaseVerified.of(
            stack, host, service, "img", "sha256:new-" + service + "-" + host, "PT30S"));
  }

  private void awaitState(String id, String host, String service, String state) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> state.equals(stepState(id, host, service)));
  }

  private UpdateCompleted completed(String id) {
    return peers.<UpdateCompleted>next(Topics.UPDATE_COMPLETED, id).payload();
  }

  private JsonPath update(String id) {
    return given().get("/api/updates/" + id).then().statusCode(200).extract().jsonPath();
  }

  private String stepState(String id, String host, String service) {
    return update(id)
        .getString(
            "steps.find { it.host == '" + host + "' && it.service == '" + service + "' }.state");
  }

  @Test
  void aGoodUpdateBacksUpThenDeploysTierByTierCanaryFirstAndEndsSucceeded() {
    String id =
        submit(
            Map.of(
                "db", new ServiceChange("postgres:15.5.0", null, null),
                "agent",
                    new ServiceChange("ghcr.io/acme/agent:1.1.0", Map.of("MODEL", "l3.1"), null)),
            null);

    backupVerified(id, H1, "db");
    EventEnvelope<DeployRequested> db = deployOf(id, H1, "db");
    assertEquals(Strategy.STOP_FIRST, db.payload().strategy(), "a data volume: one writer");
    assertEquals(stack + "_pgdata", db.payload().spec().volumes().get(0).source());
    assertEquals(stack + "-db-1", db.payload().spec().containerName());
    peers.answer(
        id,
        stack,
        H1,
        DeployDone.of(
            stack,
            H1,
            "db",
            "postgres:15.4.0",
            "sha256:old-db-" + H1,
            "postgres:15.5.0",
            "sha256:new-db-" + H1,
            List.of(),
            Map.of(),
            null));
    EventEnvelope<DeployDone> agentDone = deployed(id, H1, "agent");
    peers.resend(agentDone); // a redelivered answer changes nothing

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "DEPLOYED".equals(stepState(id, H1, "agent")));
    assertEquals("PENDING", stepState(id, H2, "db"), "the next wave waits for the canary's window");
    assertTrue(peers.of(id, Topics.BACKUP_REQUESTED).size() == 1, "no backup of host 2 yet");

    verified(id, H1, "db");
    verified(id, H1, "agent");
    backupVerified(id, H2, "db");
    deployed(id, H2, "db");
    EventEnvelope<DeployRequested> agent2 = deployOf(id, H2, "agent");
    assertEquals("l3.1", agent2.payload().spec().env().get("MODEL"));
    assertEquals("PT30S", agent2.payload().spec().labels().get("dev.shipshape.window"));
    peers.answer(
        id,
        stack,
        H2,
        DeployDone.of(
            stack,
            H2,
            "agent",
            "a:1",
            "sha256:old-agent-" + H2,
            "a:2",
            "sha256:new-agent-" + H2,
            List.of(),
            Map.of(),
            null));
    verified(id, H2, "db");
    verified(id, H2, "agent");

    UpdateCompleted done = completed(id);
    assertEquals("succeeded", done.outcome(), done.summary());
    assertEquals(
        2,
        peers.of(id, Topics.DEPLOY_REQUESTED).stream()
            .filter(e -> ((DeployRequested) e.payload()).service().equals("agent"))
            .count());
    assertFalse(
        peers.of(id).stream().anyMatch(e -> EventCodec.toJson(e).contains("pw-" + stack)),
        "no secret value in any event the planner sent");
    assertTrue(db.payload().spec().env().get("POSTGRES_PASSWORD").startsWith("sealed:v1:"));

    JsonPath u = update(id);
    assertEquals("SUCCEEDED", u.getString("status"));
    assertEquals(List.of("VERIFIED", "VERIFIED", "VERIFIED", "VERIFIED"), u.getList("steps.state"));
    assertTrue(u.getList("timeline.type").contains("backup.verified"));
    given()
        .queryParam("stack", stack)
        .queryParam("host", H1)
        .queryParam("service", "db")
        .get("/api/releases")
        .then()
        .statusCode(200)
        .body("[0].digest", equalTo("sha256:new-db-" + H1))
        .body("[0].knownGood", equalTo(true))
        .body("[0].lastKnownGood", equalTo(true))
        .body("[0].requestedBy", equalTo("alice"));
    given()
        .get("/api/updates/" + id + "/runbook")
        .then()
        .statusCode(200)
        .body(containsString("postgres:15.4.0@sha256:old-db-" + H1))
        .body(containsString("s3://$SHIPSHAPE_S3_BUCKET/" + stack + "/" + H1 + "/db/" + id));
  }

  @Test
  void aReleaseVerifiedReadBeforeItsDeployDoneIsKeptUntilTheDeployDoneComes() {
    String id =
        submit(Map.of("model", new ServiceChange("ollama/ollama:0.3.13", null, null)), List.of(H1));
    EventEnvelope<DeployRequested> deploy = deployOf(id, H1, "model");
    // As after a planner restart with both answers queued: the monitor's verdict is read first.
    peers.answer(
        id,
        stack,
        H1,
        ReleaseVerified.of(stack, H1, "model", "img", "sha256:new-model-" + H1, "PT30S"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> update(id).getList("timeline.type").contains("release.verified"));
    assertEquals("DEPLOYING", stepState(id, H1, "model"), "not verified before it is deployed");

    done(id, deploy.payload());

    UpdateCompleted done = completed(id);
    assertEquals("succeeded", done.outcome(), done.summary());
    assertEquals("VERIFIED", stepState(id, H1, "model"));
    given()
        .queryParam("stack", stack)
        .queryParam("host", H1)
        .queryParam("service", "model")
        .get("/api/releases")
        .then()
        .statusCode(200)
        .body("[0].digest", equalTo("sha256:new-model-" + H1))
        .body("[0].knownGood", equalTo(true));
  }

  @Test
  void aFailedDeployRollsBackWhatTheWaveChangedNewestFirst() {
    String id =
        submit(
            Map.of(
                "db", new ServiceChange("postgres:15.5.0", null, null),
                "model", new ServiceChange("ollama/ollama:0.3.13", null, null),
                "agent", new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null)),
            null);
    backupVerified(id, H1, "db");
    deployed(id, H1, "db");
    deployed(id, H1, "model");
    deployOf(id, H1, "agent");
    peers.answer(
        id,
        stack,
        H1,
        DeployFailed.of(stack, H1, "agent", "a:1.1.0", "health", "never healthy", null, "boom"));

    RollbackTriggered first =
        peers.<RollbackTriggered>next(Topics.ROLLBACK_TRIGGERED, id).payload();
    assertEquals("model", first.service(), "the newest change goes first");
    assertEquals("sha256:old-model-" + H1, first.targetDigest());
    assertEquals(1, peers.of(id, Topics.ROLLBACK_TRIGGERED).size(), "one at a time per host");
    peers.answer(
        id,
        stack,
        H1,
        RollbackDone.of(stack, H1, "model", null, first.targetDigest(), Map.of(), null));
    RollbackTriggered second =
        peers.<RollbackTriggered>next(Topics.ROLLBACK_TRIGGERED, id).payload();
    assertEquals("db", second.service());
    peers.answer(
        id,
        stack,
        H1,
        RollbackDone.of(stack, H1, "db", null, second.targetDigest(), Map.of(), null));

    UpdateCompleted done = completed(id);
    assertEquals("rolled-back", done.outcome(), done.summary());
    assertTrue(done.summary().contains("never healthy"), done.summary());
    JsonPath u = update(id);
    assertEquals("ROLLED_BACK", u.getString("status"));
    assertEquals("deploy.failed", u.getString("incident.trigger"));
    assertEquals("SKIPPED", stepState(id, H2, "agent"), "the next wave never starts");
    assertTrue(peers.of(id, Topics.DEPLOY_REQUESTED).stream().noneMatch(e -> H2.equals(e.host())));
    given()
        .queryParam("stack", stack)
        .queryParam("host", H1)
        .queryParam("service", "db")
        .get("/api/releases")
        .then()
        .body("[0].kind", equalTo("rollback"))
        .body("[0].digest", equalTo("sha256:old-db-" + H1))
        .body("[0].running", equalTo(true));
  }

  @Test
  void aMonitorRollbackOfANonBackwardCompatibleMigrationRestoresTheDataAndWaitsForConfirmation() {
    String id =
        submit(
            Map.of(
                "agent",
                new ServiceChange("ghcr.io/acme/agent:2.0.0", null, new Migration(true, false))),
            List.of(H1));
    backupVerified(id, H1, "db"); // the agent's data lives in db, which it depends on
    deployed(id, H1, "agent");
    awaitState(id, H1, "agent", "DEPLOYED");
    peers.answer(
        id,
        stack,
        H1,
        RollbackTriggered.byMonitor(
            stack,
            H1,
            "agent",
            "unhealthy",
            "3 failed checks",
            "old/agent:0",
            "sha256:old-agent-" + H1));
    awaitState(id, H1, "agent", "ROLLING_BACK");
    peers.answer(
        id,
        stack,
        H1,
        RollbackDone.of(stack, H1, "agent", null, "sha256:old-agent-" + H1, Map.of(), null));

    RestoreRequested restore = peers.<RestoreRequested>next(Topics.RESTORE_REQUESTED, id).payload();
    assertEquals("db", restore.service());
    assertEquals("backup-" + H1 + "-db", restore.backupId());
    assertTrue(
        peers.of(id, Topics.ROLLBACK_TRIGGERED).stream()
            .allMatch(e -> "monitor".equals(((RollbackTriggered) e.payload()).requestedBy())),
        "the planner does not roll back again what the monitor already rolls back");
    peers.answer(id, stack, H1, RestoreDone.of(stack, H1, "db", restore.backupId(), 900));

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "RESTORED".equals(update(id).getString("backups[0].state")));
    assertEquals("ROLLING_BACK", update(id).getString("status"), "waits for the monitor's word");
    peers.answer(id, stack, H1, RollbackVerified.of(stack, H1, "agent", "unhealthy", 5000));

    UpdateCompleted done = completed(id);
    assertEquals("rolled-back", done.outcome(), done.summary());
    assertEquals("verified", update(id).getString("incident.verification"));
  }

  @Test
  void aHostFailedWithinTheFailureThresholdIsLeftBehindAndTheRolloutGoesOn() {
    String id =
        submit(Map.of("model", new ServiceChange("ollama/ollama:0.3.13", null, null)), null, 1);
    deployOf(id, H1, "model");
    peers.answer(
        id,
        stack,
        H1,
        DeployFailed.of(stack, H1, "model", "m:1", "pull", "manifest unknown", null, null));

    deployed(id, H2, "model");
    verified(id, H2, "model");
    UpdateCompleted done = completed(id);
    assertEquals("failed", done.outcome(), "not every host runs the release");
    assertTrue(done.summary().contains("within failureThreshold 1"), done.summary());
    assertEquals("FAILED", stepState(id, H1, "model"));
    assertEquals("VERIFIED", stepState(id, H2, "model"));
    assertEquals(H1, update(id).getString("incident.host"));
  }

  @Test
  void aWaveOverTheFailureThresholdRollsBackTheEarlierWavesToo() {
    String id =
        submit(Map.of("model", new ServiceChange("ollama/ollama:0.3.13", null, null)), null, 0);
    deployed(id, H1, "model");
    verified(id, H1, "model");
    deployOf(id, H2, "model");
    peers.answer(
        id,
        stack,
        H2,
        DeployFailed.of(stack, H2, "model", "m:1", "health", "never healthy", null, null));

    RollbackTriggered undo = peers.<RollbackTriggered>next(Topics.ROLLBACK_TRIGGERED, id).payload();
    assertEquals(H1, undo.host(), "the canary's change goes back too");
    assertEquals(RollbackTriggered.COMPENSATION, undo.criterion());
    peers.answer(
        id,
        stack,
        H1,
        RollbackDone.of(stack, H1, "model", null, undo.targetDigest(), Map.of(), null));
    UpdateCompleted done = completed(id);
    assertEquals("rolled-back", done.outcome(), done.summary());
    JsonPath u = update(id);
    assertEquals(H2, u.getString("incident.host"));
    assertEquals(H1, u.getString("incident.undone[0].host"));
    assertTrue(u.getLong("incident.durationMillis") >= 0);
  }

  @Test
  void aFailedBackupStopsTheUpdateBeforeAnythingIsTouched() {
    String id = submit(Map.of("db", new ServiceChange("postgres:15.5.0", null, null)), null);
    peers.next(Topics.BACKUP_REQUESTED, id);
    peers.answer(
        id,
        stack,
        H1,
        BackupFailed.of(stack, H1, "db", "restore", "pg_restore exited 1", null, null));

    UpdateCompleted done = completed(id);
    assertEquals("failed", done.outcome());
    assertTrue(done.summary().contains("pg_restore exited 1"), done.summary());
    assertEquals(List.of(), peers.of(id, Topics.DEPLOY_REQUESTED), "no deploy without a backup");
    assertEquals("FAILED", update(id).getString("status"));
  }

  @Test
  void anOperatorRollsBackASucceededUpdateAndCancelsAnotherMidway() {
    String id =
        submit(Map.of("model", new ServiceChange("ollama/ollama:0.3.13", null, null)), null);
    deployed(id, H1, "model");
    verified(id, H1, "model");
    deployed(id, H2, "model");
    verified(id, H2, "model");
    assertEquals("succeeded", completed(id).outcome());

    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .contentType("application/json")
        .body(Map.of("reason", "slow answers"))
        .post("/api/updates/" + id + "/rollback")
        .then()
        .statusCode(403);
    given()
        .contentType("application/json")
        .body(Map.of())
        .post("/api/updates/" + id + "/rollback")
        .then()
        .statusCode(422);
    given()
        .header("Authorization", "Bearer " + TestTokens.OPERATOR)
        .contentType("application/json")
        .body(Map.of("reason", "slow answers"))
        .post("/api/updates/" + id + "/rollback")
        .then()
        .statusCode(202);
    // Hosts are independent: each undoes its own steps, newest first, at the same time.
    for (String host : List.of(H1, H2)) {
      RollbackTriggered r =
          peers
              .<RollbackTriggered>next(
                  Topics.ROLLBACK_TRIGGERED, id, t -> t.host().equals(host), Duration.ofSeconds(30))
              .payload();
      assertTrue(r.manual());
      assertEquals(RollbackTriggered.MANUAL, r.criterion(), "an incident of its own");
      assertEquals("test-operator", r.requestedBy());
      assertEquals("sha256:old-model-" + host, r.targetDigest());
      peers.answer(
          id, stack, host, RollbackDone.of(stack, host, "model", null, "x", Map.of(), null));
    }
    UpdateCompleted back = completed(id);
    assertEquals("rolled-back", back.outcome(), back.summary());
    assertTrue(update(id).getString("incident.reason").contains("test-operator"));
    assertEquals("test-operator", update(id).getString("incident.requestedBy"));
    assertEquals("model", update(id).getString("incident.service"), "one service, two hosts");
    assertEquals(2, update(id).getList("incident.undone").size());

    String other =
        submit(Map.of("model", new ServiceChange("ollama/ollama:0.3.14", null, null)), null);
    deployed(other, H1, "model");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "DEPLOYED".equals(stepState(other, H1, "model")));
    given().post("/api/updates/" + other + "/cancel").then().statusCode(202);
    UpdateCompleted cancelled = completed(other);
    assertEquals("failed", cancelled.outcome());
    assertTrue(cancelled.summary().startsWith("cancelled by test-admin"), cancelled.summary());
    assertEquals("SKIPPED", stepState(other, H2, "model"));
    given().post("/api/updates/" + other + "/cancel").then().statusCode(409);
    assertNull(
        peers.of(other, Topics.DEPLOY_REQUESTED).stream()
            .filter(e -> H2.equals(e.host()))
            .findFirst()
            .orElse(null));
  }
}
