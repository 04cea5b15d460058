package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bad-input suite: hundreds of hostile update requests over REST and Kafka (broken JSON, wrong
 * types, missing and unknown fields, huge payloads and lists, unicode tricks, shell and SQL
 * metacharacters and path traversal in every name, forged credentials, replayed event ids). Each
 * gets a clear refusal, the planner keeps serving, nothing is dispatched to any host, and the
 * stack's secret appears in no answer or event.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class HostileInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "s3cret-" + UUID.randomUUID();
  static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405, 413, 415, 422);
  static final List<String> NASTY =
      List.of(
          "; rm -rf /",
          "$(reboot)",
          "`id`",
          "' OR 1=1 --",
          "\"; DROP TABLE update_request; --",
          "../../etc/passwd",
          "..\\..\\windows",
          "%2e%2e%2f%2e%2e%2f",
          "a|b&&c",
          "line\nbreak",
          "<script>alert(1)</script>",
          "\u202eevil",
          "zero\u200bwidth",
          "\u0430gent",
          "emoji\uD83D\uDE80",
          "nul\u0000byte",
          "tab\tname",
          "{{7*7}}",
          "${jndi:ldap://x/a}",
          "");

  final String stack = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
  final KafkaProbe kafka =
      new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

  /** A valid request to start from; each case breaks one part of it. */
  private Map<String, Object> valid() {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("image", "ghcr.io/acme/agent:2024-06-01");
    agent.put("env", new LinkedHashMap<>(Map.of("MODEL", "llama3.1")));
    Map<String, Object> services = new LinkedHashMap<>();
    services.put("agent", agent);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("requestId", UUID.randomUUID().toString());
    r.put("stack", stack);
    r.put("services", services);
    r.put("rollout", new LinkedHashMap<>(Map.of("maxParallel", 1, "failureThreshold", 1)));
    r.put("requestedBy", "mallory");
    r.put("reason", "hostile");
    return r;
  }

  private String broken(Consumer<Map<String, Object>> edit) {
    Map<String, Object> r = valid();
    edit.accept(r);
    try {
      return JSON.writeValueAsString(r);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> agent(Map<String, Object> r) {
    return (Map<String, Object>) ((Map<String, Object>) r.get("services")).get("agent");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services(Map<String, Object> r) {
    return (Map<String, Object>) r.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> rollout(Map<String, Object> r) {
    return (Map<String, Object>) r.get("rollout");
  }

  /** Request bodies no planner may accept. */
  private List<String> hostileBodies() {
    List<String> b = new ArrayList<>();
    // Not JSON, or not an object.
    b.addAll(
        List.of(
            "{",
            "}{",
            "[]",
            "null",
            "true",
            "123",
            "\"text\"",
            "{'stack':'x'}",
            "{\"stack\":\"x\",}",
            "{\"stack\":",
            "\u0000\u0001\u0002",
            "<xml/>",
            "stack=x&a=b"));
    // Wrong types.
    b.add(broken(r -> r.put("stack", 123)));
    b.add(broken(r -> r.put("stack", List.of("a", "b"))));
    b.add(broken(r -> r.put("services", "agent=x:1.0.0")));
    b.add(broken(r -> r.put("services", List.of("agent"))));
    b.add(broken(r -> services(r).put("agent", "ghcr.io/acme/agent:2024-06-01")));
    b.add(broken(r -> agent(r).put("image", 42)));
    b.add(broken(r -> agent(r).put("env", "MODEL=x")));
    b.add(broken(r -> agent(r).put("env", List.of("MODEL=x"))));
    b.add(broken(r -> agent(r).put("migration", "yes")));
    b.add(broken(r -> r.put("hosts", "planner-test-host-1")));
    b.add(broken(r -> r.put("rollout", "fast")));
    b.add(broken(r -> rollout(r).put("maxParallel", "two")));
    b.add(broken(r -> rollout(r).put("maxParallel", -1)));
    b.add(broken(r -> rollout(r).put("maxParallel", 0)));
    b.add(broken(r -> rollout(r).put("canaryHosts", "planner-test-host-1")));
    b.add(broken(r -> rollout(r).put("monitorWindow", "soon")));
    b.add(broken(r -> r.put("requestId", Map.of("a", 1))));
    // Missing or empty parts.
    b.add("{}");
    b.add(broken(r -> r.remove("stack")));
    b.add(broken(r -> r.remove("services")));
    b.add(broken(r -> r.put("services", Map.of())));
    b.add(broken(r -> agent(r).remove("image")));
    b.add(broken(r -> agent(r).put("image", "")));
    // Moving and malformed image references.
    for (String image :
        List.of(
            "ghcr.io/acme/agent",
            "ghcr.io/acme/agent:latest",
            "ghcr.io/acme/agent:stable",
            "ghcr.io/acme/agent:main",
            "ghcr.io/acme/agent:1",
            "ghcr.io/acme/agent:1.2",
            "ghcr.io/acme/agent@sha256:nothex",
            "ghcr.io/acme/agent:1.0.0 ; rm -rf /",
            "ghcr.io/acme/agent:1.0.0\uFF1A2",
            "GHCR.IO/ACME/AGENT:1.0.0")) {
      b.add(broken(r -> agent(r).put("image", image)));
    }
    // Huge payloads and lists.
    b.add(broken(r -> r.put("reason", "x".repeat(300_000))));
    b.add(
        broken(
            r -> {
              List<String> hosts = new ArrayList<>();
              for (int i = 0; i < 5_000; i++) {
                hosts.add("h" + i);
              }
              r.put("hosts", hosts);
            }));
    b.add(
        broken(
            r -> {
              Map<String, Object> env = new HashMap<>();
              for (int i = 0; i < 20_000; i++) {
                env.put("VAR_" + i, "v");
              }
              agent(r).put("env", env);
            }));
    b.add(
        broken(
            r -> {
              for (int i = 0; i < 5_000; i++) {
                services(r).put("svc" + i, Map.of("image", "a:1.0.0"));
              }
            }));
    // Hostile names everywhere a name goes.
    for (String nasty : NASTY) {
      b.add(broken(r -> r.put("stack", nasty)));
      b.add(broken(r -> services(r).put(nasty, Map.of("image", "ghcr.io/acme/agent:1.0.0"))));
      b.add(broken(r -> ((Map<String, Object>) agent(r).get("env")).put(nasty, "v")));
      b.add(broken(r -> agent(r).put("image", "ghcr.io/acme/" + nasty + ":1.0.0")));
      b.add(broken(r -> r.put("hosts", List.of(nasty))));
    }
    return b;
  }

  /**
   * Unknown fields: over REST a person typed them, and a typo must not silently change what an
   * update does. (Events keep the tolerant-reader rule, so that producers can add fields.)
   */
  private List<String> unknownFields() {
    return List.of(
        broken(r -> r.put("rollot", Map.of("maxParallel", 5))),
        broken(r -> agent(r).put("imgae", "x:1.0.0")),
        broken(r -> rollout(r).put("maxParalel", 9)),
        broken(r -> r.put("role", "admin")),
        broken(r -> r.put("skipBackups", true)));
  }

  @Test
  void everyHostileRequestIsRefusedClearlyAndNothingIsDispatched() throws Exception {
    registerStack();
    Map<TopicPartition, Long> deploys = kafka.ends(Topics.DEPLOY_REQUESTED);
    Map<TopicPartition, Long> backups = kafka.ends(Topics.BACKUP_REQUESTED);
    Map<TopicPartition, Long> dead = kafka.ends(Topics.DEAD_LETTER);
    Map<TopicPartition, Long> rejected = kafka.ends(Topics.UPDATE_REJECTED);
    List<String> bodies = hostileBodies();
    int cases = 0;

    // Over REST, as an operator: each a 4xx, with every problem listed where it is a 422.
    List<String> overRest = new ArrayList<>(bodies);
    overRest.addAll(unknownFields());
    List<String> wrong = new ArrayList<>();
    for (String body : overRest) {
      Response r =
          given()
              .header("Authorization", "Bearer " + TestTokens.OPERATOR)
              .contentType("application/json")
              .body(body)
              .post("/api/updates");
      String shown = body.length() > 120 ? body.substring(0, 120) + "…" : body;
      if (!REFUSALS.contains(r.statusCode())) {
        wrong.add(r.statusCode() + " for " + shown);
      } else if (r.statusCode() == 422
          && (!r.contentType().startsWith("application/problem+json")
              || r.jsonPath().getList("problems").isEmpty())) {
        wrong.add("a 422 without its problem list for " + shown);
      }
      assertFalse(r.asString().contains(SECRET), "no secret in an answer");
      cases++;
    }
    assertEquals(List.of(), wrong, "answers that are not a clear refusal");
    // Forged and missing credentials.
    String ok = broken(r -> {});
    for (String auth :
        List.of(
            "",
            "Bearer ",
            "Bearer admin",
            "Bearer " + TestTokens.ADMIN + "x",
            "Basic YWRtaW46YWRtaW4=",
            "bearer" + TestTokens.OPERATOR,
            "Bearer " + TestTokens.OPERATOR.toUpperCase(),
            "Bearer ' OR 1=1 --")) {
      Response r =
          given()
              .header("Authorization", auth)
              .contentType("application/json")
              .body(ok)
              .post("/api/updates");
      assertEquals(401, r.statusCode(), "forged credentials '" + auth + "'");
      cases++;
    }
    Response asViewer =
        given()
            .header("Authorization", "Bearer " + TestTokens.VIEWER)
            .header("X-Shipshape-Role", "admin")
            .contentType("application/json")
            .body(ok)
            .post("/api/updates");
    assertEquals(403, asViewer.statusCode(), "a viewer does not become an operator by asking");
    cases++;

    // Hostile names in lookups: a refusal, or an answer that finds nothing; never a server error.
    // A control character (a NUL would reach the database) is refused by name.
    for (String nasty : NASTY) {
      boolean control = nasty.chars().anyMatch(c -> c < 0x20);
      List<Response> answers =
          List.of(
              viewer().get("/api/updates?stack=" + encoded(nasty)),
              viewer().get("/api/updates?host=" + encoded(nasty) + "&state=" + encoded(nasty)),
              viewer().get("/api/stacks/" + encoded(nasty)),
              viewer().get("/api/updates/" + encoded(nasty) + "/runbook"));
      for (Response r : answers) {
        int status = r.statusCode();
        if (control ? status != 400 : !(REFUSALS.contains(status) || status == 200)) {
          wrong.add(status + " for a lookup of " + JSON.writeValueAsString(nasty));
        }
        cases++;
      }
    }
    assertEquals(List.of(), wrong, "lookups that are not a clear answer");

    // Over Kafka, as raw records on update.requested: dead-lettered or update.rejected, and the
    // consumer keeps going (a valid request sent last is planned).
    int sent = 0;
    for (String body : bodies) {
      if (body.length() < 200_000) {
        kafka.send(Topics.UPDATE_REQUESTED, stack, envelope(body), Map.of());
        sent++;
      }
    }
    String replayed = UUID.randomUUID().toString();
    String eventId = UUID.randomUUID().toString();
    String last = broken(r -> r.put("requestId", replayed));
    for (int i = 0; i < 3; i++) {
      kafka.send(Topics.UPDATE_REQUESTED, stack, envelope(last, eventId), Map.of());
    }
    cases += sent + 3;
    kafka.await(
        Topics.UPDATE_PLANNED,
        x -> x.value().contains("\"stack\":\"" + stack + "\""),
        Duration.ofSeconds(120));
    int expected = sent;
    List<ConsumerRecord<String, String>> refusals = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              refusals.clear();
              refusals.addAll(kafka.since(Topics.DEAD_LETTER, dead));
              refusals.addAll(kafka.since(Topics.UPDATE_REJECTED, rejected));
              return refusals.size() >= expected;
            });
    refusals.forEach(r -> assertFalse(r.value().contains(SECRET), "no secret in an event"));

    // The one valid request, sent three times with the same event id, is one update.
    List<Object> updates =
        given()
            .header("Authorization", "Bearer " + TestTokens.VIEWER)
            .get("/api/updates?stack=" + stack)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.status != 'REJECTED' }");
    assertEquals(1, updates.size(), "a replayed event is one update: " + updates);

    // Nothing went to any host but the one valid update's commands, and the planner still serves.
    long foreign =
        kafka.since(Topics.DEPLOY_REQUESTED, deploys).stream()
                .filter(r -> !r.value().contains("\"stack\":\"" + stack + "\""))
                .count()
            + kafka.since(Topics.BACKUP_REQUESTED, backups).stream()
                .filter(r -> !r.value().contains("\"stack\":\"" + stack + "\""))
                .count();
    assertEquals(0, foreign, "no command for any stack but the valid update's");
    given().get("/q/health/ready").then().statusCode(200);
    assertTrue(cases >= 200, cases + " hostile requests");
    System.out.printf(
        "bad-input suite: %d hostile requests refused (%d over Kafka)%n", cases, sent + 3);
  }

  @AfterEach
  void closeKafka() {
    kafka.close();
  }

  /** As a viewer, with the URL sent as written (no templating of the braces in a name). */
  private static io.restassured.specification.RequestSpecification viewer() {
    return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + TestTokens.VIEWER);
  }

  private static String encoded(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private void registerStack() {
    given()
        .header("Authorization", "Bearer " + TestTokens.ADMIN)
        .contentType("application/json")
        .body(
            Map.of(
                "compose",
                ComposeReaderTest.AGENT_STACK,
                "environment",
                "staging",
                "hosts",
                List.of("planner-test-host-1", "planner-test-host-2"),
                "variables",
                Map.of("DB_PASSWORD", SECRET)))
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(200);
  }

  private String envelope(String payload) {
    return envelope(payload, UUID.randomUUID().toString());
  }

  /** The body as the payload of an otherwise well-formed envelope (or as-is if it is not JSON). */
  private String envelope(String payload, String eventId) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"type\":\"update.requested\",\"updateId\":\""
        + UUID.randomUUID()
        + "\",\"stack\":\""
        + stack
        + "\",\"occurredAt\":\""
        + Instant.now()
        + "\",\"schemaVersion\":1,\"payload\":"
        + payload
        + "}";
  }
}
