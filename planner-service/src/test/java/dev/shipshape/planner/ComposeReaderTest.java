package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.Tier;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.compose.ComposeService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compose files as users write them: anchors, merge keys, profiles, interpolation, cycles. */
class ComposeReaderTest {
  static final String AGENT_STACK =
      """
      x-common: &common
        restart: unless-stopped
        labels:
          team: ai
        environment: &env
          LOG_LEVEL: ${LOG_LEVEL:-info}

      services:
        db:
          <<: *common
          image: postgres:16.4.1
          environment:
            POSTGRES_PASSWORD: ${DB_PASSWORD?set the database password}
          volumes:
            - pgdata:/var/lib/postgresql/data
          healthcheck:
            test: ["CMD", "pg_isready", "-U", "postgres"]
            interval: 5s
            timeout: 2s
            retries: 5
        qdrant:
          image: qdrant/qdrant:v1.9.2
          volumes:
            - type: volume
              source: qdrant
              target: /qdrant/storage
        ollama:
          image: ollama/ollama:0.3.12
          ports: ["127.0.0.1:11434:11434"]
          depends_on: [db]
        agent:
          <<: *common
          image: ghcr.io/acme/agent:2024-05-01
          environment:
            - MODEL=llama3
            - DEBUG
          command: serve --port "8080"
          ports:
            - "8080"
          depends_on:
            db:
              condition: service_healthy
            ollama:
              condition: service_started
          x-shipshape:
            probe: ":8080/health"
            window: 10m
        debug-shell:
          image: busybox:1.36.1
          profiles: [debug]
      volumes:
        pgdata:
        qdrant:
      """;

  private static ComposeFile read(String yaml, Map<String, String> vars, String profile) {
    return ComposeReader.read(yaml, vars, profile);
  }

  @Test
  void readsAnAgentStackWithAnchorsMergeKeysAndInterpolation() {
    ComposeFile file = read(AGENT_STACK, Map.of("DB_PASSWORD", "s3cret"), null);

    assertEquals(List.of(), file.problems());
    assertEquals(List.of("db", "qdrant", "ollama", "agent"), List.copyOf(file.services().keySet()));
    ComposeService db = file.services().get("db");
    assertEquals("unless-stopped", db.restart(), "merged from the x-common anchor");
    assertEquals("ai", db.labels().get("team"));
    assertEquals("s3cret", db.environment().get("POSTGRES_PASSWORD"));
    assertEquals(Tier.DATABASE, db.tier());
    assertTrue(db.stateful());
    assertEquals(List.of("CMD", "pg_isready", "-U", "postgres"), db.healthCheck().test());
    assertEquals(5000, db.healthCheck().intervalMs());
    assertEquals(Tier.VECTOR, file.services().get("qdrant").tier());
    assertEquals(
        List.of(new VolumeMount("qdrant", "/qdrant/storage", true, false)),
        file.services().get("qdrant").volumes());
    ComposeService ollama = file.services().get("ollama");
    assertEquals(Tier.MODEL, ollama.tier());
    assertEquals(List.of(new PortBinding(11434, "tcp", "127.0.0.1", 11434)), ollama.ports());
    assertTrue(ollama.fixedHostPort());
    assertEquals(
        List.of(new PortBinding(80, "tcp", null, 8080)),
        read("services: {web: {image: 'nginx:1.25.3', ports: ['8080:80']}}", Map.of(), null)
            .services()
            .get("web")
            .ports(),
        "HOST:CONTAINER publishes a fixed host port");
    ComposeService agent = file.services().get("agent");
    assertEquals(Tier.AGENT, agent.tier());
    assertEquals("llama3", agent.environment().get("MODEL"));
    assertEquals("", agent.environment().get("DEBUG"));
    assertEquals(List.of("serve", "--port", "8080"), agent.command());
    assertEquals("service_healthy", agent.dependsOn().get("db"));
    assertEquals(":8080/health", agent.probe());
    assertFalse(db.shareable(), "data is single-writer unless declared shareable");
    assertFalse(agent.fixedHostPort(), "a container-only port is published on a random host port");
    assertFalse(agent.stateful());
  }

  @Test
  void dependenciesComeFirstInTheOrder() {
    ComposeFile file = read(AGENT_STACK, Map.of("DB_PASSWORD", "x"), null);
    List<String> order = file.order();
    assertTrue(order.indexOf("db") < order.indexOf("ollama"));
    assertTrue(order.indexOf("ollama") < order.indexOf("agent"));
  }

  @Test
  void aProfileAddsItsServicesOnlyWhenSelected() {
    assertFalse(
        read(AGENT_STACK, Map.of("DB_PASSWORD", "x"), null).services().containsKey("debug-shell"));
    assertTrue(
        read(AGENT_STACK, Map.of("DB_PASSWORD", "x"), "debug")
            .services()
            .containsKey("debug-shell"));
  }

  @Test
  void aMissingRequiredVariableIsAProblemWithItsMessage() {
    ComposeFile file = read(AGENT_STACK, Map.of(), null);
    assertEquals(
        List.of("variable DB_PASSWORD is required: set the database password"), file.problems());
  }

  @Test
  void interpolationDefaultsAndEscapes() {
    ComposeFile file =
        read(
            """
            services:
              app:
                image: app:${TAG:-1.0.0}
                environment:
                  A: ${UNSET-fallback}
                  B: $$HOME
                  C: $PRESENT
            """,
            Map.of("PRESENT", "yes"),
            null);
    ComposeService app = file.services().get("app");
    assertEquals("app:1.0.0", app.image());
    assertEquals("fallback", app.environment().get("A"));
    assertEquals("$HOME", app.environment().get("B"));
    assertEquals("yes", app.environment().get("C"));
  }

  @Test
  void aDependsOnCycleIsAProblemNamingTheCycle() {
    ComposeFile file =
        read(
            """
            services:
              a: {image: "a:1.0.0", depends_on: [b]}
              b: {image: "b:1.0.0", depends_on: [c]}
              c: {image: "c:1.0.0", depends_on: [a]}
            """,
            Map.of(),
            null);
    assertEquals(1, file.problems().size(), file.problems().toString());
    assertTrue(
        file.problems().get(0).startsWith("depends_on cycle: a -> b -> c -> a"),
        file.problems().toString());
  }

  @Test
  void unknownKeysAreKeptAndRealMistakesAreAllReported() {
    ComposeFile file =
        read(
            """
            x-anything: {whatever: true}
            services:
              app:
                image: app:1.0.0
                some_future_key: value
                depends_on: [ghost]
                volumes: ["undeclared:/data"]
                ports: ["8000-8010:8000-8010"]
                labels: {dev.shipshape.interval: 0s}
                x-shipshape: {tier: quantum, shareable: sometimes, window: soon}
              nothing: {}
            """,
            Map.of(),
            null);
    List<String> problems = new ArrayList<>(file.problems());
    assertEquals(8, problems.size(), problems.toString());
    assertTrue(
        problems.contains(
            "service app: x-shipshape.shareable must be true or false, not sometimes"),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("depends on ghost")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("volume undeclared")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("ranges are not supported")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("tier must be")));
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("nothing has neither image: nor build:")));
    assertTrue(
        problems.contains(
            "service app: x-shipshape.window: 'soon' is not a duration; use a number and a unit"
                + " (250ms, 5s, 15m, 2h, 1d), hours, minutes and seconds together (1h30m), or"
                + " ISO-8601 (PT15M, P1D)"),
        problems.toString());
    assertTrue(
        problems.contains(
            "service app: label dev.shipshape.interval: '0s' is too short: the duration must be"
                + " longer than zero"),
        problems.toString());
  }

  @Test
  void notYamlIsOneClearProblem() {
    ComposeFile file = read("services: [unclosed", Map.of(), null);
    assertEquals(1, file.problems().size());
    assertTrue(file.problems().get(0).startsWith("the compose file is not valid YAML"));
    assertNull(file.services().get("x"));
  }
}
