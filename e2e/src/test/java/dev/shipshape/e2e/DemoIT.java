package dev.shipshape.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's run command, run as its user would (deploy/local/demo on the three-host fleet), then
 * checked from outside Shipshape: each scenario's outcome through the REST API, an update published
 * by a plain Kafka client, a backup restored with hand-run tools, and no secret in any log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {
  static final ObjectMapper JSON = Fleet.JSON;
  static final Path ROOT = Fleet.ROOT;
  static Map<String, String> infra;
  static Fleet fleet;
  static String stack;
  static String demoOutput;

  @BeforeAll
  static void runTheDemo() throws Exception {
    infra = LocalInfrastructure.ensureUp();
    fleet = new Fleet(infra);
    Path log = ROOT.resolve("e2e/target/demo.log");
    Files.createDirectories(log.getParent());
    Process demo =
        new ProcessBuilder("bash", ROOT.resolve("deploy/local/demo").toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = demo.waitFor(30, TimeUnit.MINUTES);
    demoOutput = Files.readString(log);
    if (!ended) {
      demo.destroyForcibly();
    }
    assertTrue(ended, "the demo did not end within 30 minutes; see " + log);
    assertEquals(0, demo.exitValue(), "the demo failed; its output:\n" + tail(demoOutput));
    Matcher m = Pattern.compile("== 0\\. the AI-agent stack (\\S+) on").matcher(demoOutput);
    assertTrue(m.find(), "the demo names its stack");
    stack = m.group(1);
  }

  /** Stops the services and removes the demo stack: its health checks would load the machine. */
  @AfterAll
  static void stopTheServices() throws Exception {
    fleet.script(Map.of(), "services", "down");
    if (stack != null) {
      for (int k = 1; k <= Integer.parseInt(infra.get("ENGINE_COUNT")); k++) {
        fleet.removeStack(k, stack);
      }
    }
  }

  @Test
  @Order(1)
  void eachScenarioEndsAsItShould() throws Exception {
    assertEquals("SUCCEEDED", update("first deploy of the demo stack").path("status").asText());
    JsonNode good = update("model 1.1.0, agent prompt v2");
    assertEquals("SUCCEEDED", good.path("status").asText());
    assertTrue(
        good.path("backups").size() >= 6, "db and vectors backed up on three hosts: " + good);
    for (JsonNode b : good.path("backups")) {
      assertEquals("VERIFIED", b.path("state").asText(), "every backup verified: " + b);
    }
    assertEquals(
        "host-1", good.path("steps").get(0).path("host").asText(), "the canary host goes first");

    JsonNode bad = update("agent 1.0.0-unhealthy");
    assertEquals("ROLLED_BACK", bad.path("status").asText());
    assertTrue(types(bad).contains("rollback.verified"), "the rollback is verified: " + types(bad));

    JsonNode migration = update("schema v2 (drops notes.body)");
    assertEquals("ROLLED_BACK", migration.path("status").asText());
    assertTrue(types(migration).contains("restore.done"), "data restored: " + types(migration));
    assertTrue(
        demoOutput.contains("rows with their body on host-1: 250 of 250"),
        "every row written before the update is back");

    JsonNode latest = update("follow latest");
    assertEquals("REJECTED", latest.path("status").asText());
    assertTrue(
        latest.path("problems").toString().contains("moving tag 'latest'"), latest.toString());
  }

  @Test
  @Order(2)
  void anUpdatePublishedByAPlainKafkaClientIsCarriedOut() throws Exception {
    String updateId = UUID.randomUUID().toString();
    String reason = "from a plain Kafka client " + updateId;
    String request =
        JSON.writeValueAsString(
            Map.of(
                "eventId",
                UUID.randomUUID().toString(),
                "type",
                "update.requested",
                "updateId",
                updateId,
                "stack",
                stack,
                "occurredAt",
                Instant.now().toString(),
                "schemaVersion",
                1,
                "payload",
                Map.of(
                    "requestId",
                    updateId,
                    "stack",
                    stack,
                    "services",
                    Map.of(
                        "model", Map.of("image", infra.get("REGISTRY") + "/shipshape/httpd:1.2.0")),
                    "rollout",
                    Map.of(
                        "canaryHosts",
                        List.of("host-1"),
                        "maxParallel",
                        2,
                        "failureThreshold",
                        0,
                        "monitorWindow",
                        "PT5S"),
                    "requestedBy",
                    "kafka-console",
                    "reason",
                    reason)));
    Properties p = new Properties();
    p.put("bootstrap.servers", infra.get("KAFKA_BOOTSTRAP_SERVERS"));
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("update.requested", stack, request)).get();
    }
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> "SUCCEEDED".equals(planner("/api/updates/" + updateId).path("status").asText()));
    JsonNode releases = planner("/api/releases?stack=" + stack + "&service=model");
    long onNewVersion =
        StreamSupport.stream(releases.spliterator(), false)
            .filter(r -> r.path("running").asBoolean())
            .filter(r -> r.path("image").asText().contains("httpd:1.2.0"))
            .count();
    assertEquals(3, onNewVersion, "the model server runs 1.2.0 on all three hosts: " + releases);
  }

  @Test
  @Order(2)
  void theStacksServicesReachEachOtherByNameOnEveryHost() {
    int hosts = Integer.parseInt(infra.get("ENGINE_COUNT"));
    for (int k = 1; k <= hosts; k++) {
      for (String target : List.of("db", "model", "vectors")) {
        Matcher answered =
            Pattern.compile("host-" + k + ": " + target + " → [0-9.]+:[0-9]+ answers")
                .matcher(demoOutput);
        assertTrue(
            answered.find(),
            "inside host-"
                + k
                + "'s agent container "
                + target
                + " resolves and answers:\n"
                + tail(demoOutput));
      }
    }
  }

  @Test
  @Order(3)
  void aBackupRestoredByHandHasTheSameRows() throws Exception {
    JsonNode backups = backup("/api/backups?stack=" + stack + "&service=db&host=host-1");
    JsonNode chosen = null;
    for (JsonNode b : backups) {
      if ("VERIFIED".equals(b.path("status").asText()) && b.path("captured").has("public.notes")) {
        chosen = b;
      }
    }
    assertTrue(chosen != null, "a verified dump that holds the notes: " + backups);
    long captured = chosen.path("captured").path("public.notes").asLong();
    assertEquals(250, captured);

    String key = chosen.path("objectKey").asText();
    Path dump = Files.createTempFile("e2e-", ".dump");
    try (S3Client s3 = fleet.s3()) {
      Files.delete(dump);
      s3.getObject(b -> b.bucket(infra.get("S3_BUCKET")).key(key), dump);
    }
    String db = "e2e_restore_" + UUID.randomUUID().toString().substring(0, 8);
    String base = "jdbc:postgresql://127.0.0.1:" + infra.get("PG_PORT") + "/";
    try (Connection c =
        DriverManager.getConnection(
            base + "postgres", infra.get("PG_USER"), infra.get("PG_PASSWORD"))) {
      c.createStatement().execute("CREATE DATABASE " + db);
    }
    try {
      ProcessBuilder restore =
          new ProcessBuilder(
                  "/usr/lib/postgresql/15/bin/pg_restore",
                  "--no-owner",
                  "--no-acl",
                  "-h",
                  "127.0.0.1",
                  "-p",
                  infra.get("PG_PORT"),
                  "-U",
                  infra.get("PG_USER"),
                  "-d",
                  db,
                  dump.toString())
              .redirectErrorStream(true);
      restore.environment().put("PGPASSWORD", infra.get("PG_PASSWORD"));
      Process run = restore.start();
      String out = new String(run.getInputStream().readAllBytes());
      assertTrue(run.waitFor(2, TimeUnit.MINUTES));
      assertEquals(0, run.exitValue(), "pg_restore: " + out);
      try (Connection c =
              DriverManager.getConnection(
                  base + db, infra.get("PG_USER"), infra.get("PG_PASSWORD"));
          ResultSet rs = c.createStatement().executeQuery("SELECT count(body) FROM notes")) {
        rs.next();
        assertEquals(captured, rs.getLong(1), "the rows the catalog says the dump holds");
      }
    } finally {
      Files.deleteIfExists(dump);
      try (Connection c =
          DriverManager.getConnection(
              base + "postgres", infra.get("PG_USER"), infra.get("PG_PASSWORD"))) {
        c.createStatement().execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  @Test
  @Order(4)
  void theDatabasePasswordAppearsInNoLogLine() throws Exception {
    String secret =
        Files.readString(LocalInfrastructure.home().resolve("run/demo-db-password")).trim();
    assertTrue(secret.length() >= 16);
    List<String> leaks = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try (var files = Files.list(LocalInfrastructure.home().resolve("logs"))) {
      files.filter(f -> f.toString().endsWith(".log")).forEach(logs::add);
    }
    logs.add(ROOT.resolve("e2e/target/demo.log"));
    for (Path f : logs) {
      if (Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret)) {
        leaks.add(f.toString());
      }
    }
    assertEquals(List.of(), leaks, "logs that hold the demo's database password");
    assertFalse(
        planner("/api/stacks/" + stack).toString().contains(secret), "the stack shows only a hash");
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The demo stack's update with this reason, in full. */
  private static JsonNode update(String reason) throws Exception {
    for (JsonNode u : planner("/api/updates?stack=" + stack)) {
      if (reason.equals(u.path("reason").asText())) {
        return planner("/api/updates/" + u.path("updateId").asText());
      }
    }
    throw new AssertionError("no update with reason '" + reason + "' for " + stack);
  }

  private static List<String> types(JsonNode update) {
    List<String> types = new ArrayList<>();
    update.path("timeline").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }

  private static JsonNode planner(String path) throws Exception {
    return fleet.planner(path);
  }

  private static JsonNode backup(String path) throws Exception {
    return fleet.backup(path);
  }

  private static String tail(String text) {
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }
}
