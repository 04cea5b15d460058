package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.policy.ImagePolicy;
import dev.shipshape.planner.policy.RequestValidator;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy refusals name every problem; plans put canaries first and tiers in order. */
class PolicyAndPlanTest {
  static final ComposeFile STACK =
      ComposeReader.read(ComposeReaderTest.AGENT_STACK, Map.of("DB_PASSWORD", "x"), null);
  static final List<String> HOSTS = List.of("host-1", "host-2", "host-3", "host-4");
  static final ImagePolicy STRICT = new ImagePolicy(true, false, List.of("docker.io", "ghcr.io"));

  private static UpdateRequested request(Map<String, ServiceChange> services, Rollout rollout) {
    return UpdateRequested.of("r-1", "ai", services, null, rollout, "alice", "test");
  }

  private static List<Problem> validate(Map<String, ServiceChange> services) {
    return RequestValidator.validate(
        request(services, null), new StackContext(STACK, HOSTS, STRICT));
  }

  @Test
  void movingTagsLinesAndForeignRegistriesAreRefusedEachWithAReason() {
    Map<String, ServiceChange> services = new LinkedHashMap<>();
    services.put("db", new ServiceChange("postgres:16", null, null));
    services.put("qdrant", new ServiceChange("qdrant/qdrant:latest", null, null));
    services.put("ollama", new ServiceChange("ollama/ollama", null, null));
    services.put(
        "agent", new ServiceChange("quay.io/acme/agent:1.2.3", Map.of("BAD-NAME", "x"), null));
    services.put("ghost", new ServiceChange("ghost:1.0.0", null, null));

    List<Problem> problems = validate(services);

    assertEquals(6, problems.size(), problems.toString());
    assertTrue(problems.get(0).message().contains("major line 16"), problems.toString());
    assertTrue(problems.get(1).message().contains("moving tag 'latest'"), problems.toString());
    assertTrue(problems.get(2).message().contains("no tag"), problems.toString());
    assertTrue(problems.get(3).message().contains("not in the allow-list"), problems.toString());
    assertTrue(
        problems.get(4).message().contains("'BAD-NAME' is not a valid environment variable name"),
        problems.toString());
    assertTrue(problems.get(5).message().startsWith("unknown service ghost"), problems.toString());
  }

  @Test
  void versionsDatesCommitsAndDigestsAreAccepted() {
    Map<String, ServiceChange> services =
        Map.of(
            "db", new ServiceChange("postgres:16.4.2", null, null),
            "agent", new ServiceChange("ghcr.io/acme/agent:2024-06-01", null, null),
            "ollama", new ServiceChange("ollama/ollama@sha256:" + "a".repeat(64), null, null));
    assertEquals(List.of(), validate(services));
  }

  @Test
  void anUnknownStackAndUnknownHostsAreRefused() {
    assertTrue(
        RequestValidator.validate(request(Map.of(), null), null)
            .get(0)
            .message()
            .startsWith("unknown stack ai"));
    UpdateRequested r =
        UpdateRequested.of(
            "r",
            "ai",
            Map.of("db", new ServiceChange("postgres:16.4.2", null, null)),
            List.of("host-9"),
            null,
            "a",
            null);
    assertTrue(
        RequestValidator.validate(r, new StackContext(STACK, HOSTS, STRICT))
            .get(0)
            .message()
            .startsWith("unknown host host-9"));
  }

  @Test
  void canaryFirstThenBatchesOfMaxParallelWithTiersInOrder() {
    Map<String, ServiceChange> services = new LinkedHashMap<>();
    services.put("agent", new ServiceChange("ghcr.io/acme/agent:2024-06-01", null, null));
    services.put("ollama", new ServiceChange("ollama/ollama:0.3.13", null, null));
    services.put("db", new ServiceChange("postgres:16.4.2", null, new Migration(true, false)));
    services.put("qdrant", new ServiceChange("qdrant/qdrant:v1.9.2", null, null)); // unchanged

    List<Wave> waves =
        Planner.plan(STACK, HOSTS, request(services, new Rollout(List.of("host-3"), 2, 1, null)));

    assertEquals(3, waves.size());
    assertEquals(List.of("host-3"), waves.get(0).hosts());
    assertTrue(waves.get(0).canary());
    assertEquals(List.of("host-1", "host-2"), waves.get(1).hosts());
    assertEquals(List.of("host-4"), waves.get(2).hosts());
    List<PlannedStep> canary = waves.get(0).steps();
    assertEquals(
        List.of("db", "ollama", "agent"),
        canary.stream().map(PlannedStep::service).toList(),
        "tier order, qdrant unchanged");
    PlannedStep db = canary.get(0);
    assertTrue(db.backupFirst());
    assertEquals(Strategy.STOP_FIRST, db.strategy(), "a single-writer data volume");
    assertEquals(Strategy.STOP_FIRST, canary.get(1).strategy(), "a fixed host port");
    assertEquals(Strategy.START_FIRST, canary.get(2).strategy());
  }

  @Test
  void dataDeclaredShareableOrMountedReadOnlyIsSwappedStartFirst() {
    ComposeFile stack =
        ComposeReader.read(
            """
            services:
              cache:
                image: redis:7.2.4
                volumes: [cache:/data]
                x-shipshape: {shareable: true}
              pinned:
                image: redis:7.2.4
                volumes: [cache:/data]
                ports: ["6379:6379"]
                x-shipshape: {shareable: true}
              web:
                image: nginx:1.25.3
                volumes: ["./site:/usr/share/nginx/html:ro"]
              db:
                image: postgres:16.4.2
                volumes: [pgdata:/var/lib/postgresql/data]
            volumes: {cache: {}, pgdata: {}}
            """,
            Map.of(),
            null);
    Map<String, ServiceChange> services = new LinkedHashMap<>();
    stack
        .services()
        .forEach((name, s) -> services.put(name, new ServiceChange("x:9.9.9", null, null)));

    Map<String, Strategy> strategies = new LinkedHashMap<>();
    Planner.plan(stack, List.of("host-1"), request(services, null))
        .get(0)
        .steps()
        .forEach(s -> strategies.put(s.service(), s.strategy()));

    assertEquals(Strategy.START_FIRST, strategies.get("cache"), "shareable data");
    assertEquals(Strategy.STOP_FIRST, strategies.get("pinned"), "a fixed host port still clashes");
    assertEquals(Strategy.START_FIRST, strategies.get("web"), "read-only: nobody writes");
    assertEquals(Strategy.STOP_FIRST, strategies.get("db"), "one writer on a data volume");
    assertEquals(
        "true",
        ServiceSpecs.target("s", stack.services().get("cache"), services.get("cache"), null, null)
            .labels()
            .get(Labels.SHAREABLE),
        "the deployer's swaps read it from the container");
  }
}
