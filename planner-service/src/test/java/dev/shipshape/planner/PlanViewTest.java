package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.Tier;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.policy.ImagePolicy;
import dev.shipshape.planner.policy.RequestValidator;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.stack.PlanView;
import dev.shipshape.planner.stack.PlanView.Finding;
import dev.shipshape.planner.stack.PlanView.Service;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * What Shipshape understood of a compose file written like popular AI stacks: tiers, data and
 * backups, swaps, order, networks, and findings with what to do; a build-only service is kept,
 * ordered and not updatable.
 */
class PlanViewTest {
  static final String AI_STACK =
      """
      name: rag
      services:
        db:
          image: postgres:16-alpine
          env_file: .env
          volumes: [pgdata:/var/lib/postgresql/data]
          ports: ["5432:5432"]
        cache:
          image: redis:7.4.1
          volumes: [cache:/data]
          x-shipshape: {shareable: true}
        qdrant:
          image: qdrant/qdrant:v1.12.4
          volumes: [qdrant:/qdrant/storage]
          networks:
            backend:
              aliases: [vectors]
        api:
          build: ./api
          depends_on:
            db: {condition: service_healthy}
            qdrant: {condition: service_started}
          networks: [default, backend]
        web:
          image: ghcr.io/acme/web:2024-06-01
          volumes: ["./site:/srv:ro"]
          depends_on: [api]
          deploy:
            resources:
              limits: {memory: 1g}
      volumes: {pgdata: {}, cache: {}, qdrant: {}}
      networks: {backend: {}}
      """;

  static final ComposeFile FILE = ComposeReader.read(AI_STACK, Map.of(), null);
  static final ImagePolicy POLICY =
      new ImagePolicy(true, false, List.of(), true, List.of("10.77.0.1:15000"));

  private static Service service(PlanView view, String name) {
    return view.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<Finding> findings(PlanView view, String service, String kind) {
    return view.findings().stream()
        .filter(f -> kind.equals(f.kind()) && Objects.equals(service, f.service()))
        .toList();
  }

  @Test
  void aBuildOnlyServiceIsRegisteredOrderedAndNotUpdatable() {
    assertEquals(List.of(), FILE.problems());
    PlanView view = PlanView.of("rag", 1, "production", List.of("h1"), FILE, POLICY);

    assertEquals(List.of("db", "cache", "qdrant", "api", "web"), view.updateOrder());
    Service api = service(view, "api");
    assertFalse(api.updatable());
    assertNull(api.image());
    assertEquals(Tier.AGENT, api.tier());
    assertEquals(4, api.updateOrder());
    assertEquals(Map.of("db", "service_healthy", "qdrant", "service_started"), api.dependsOn());
    Finding buildOnly = findings(view, "api", "build-only").get(0);
    assertTrue(buildOnly.todo().startsWith("push its build to a registry"), buildOnly.todo());
  }

  @Test
  void eachServiceShowsItsTierDataBackupAndSwap() {
    PlanView view = PlanView.of("rag", 1, "production", List.of("h1"), FILE, POLICY);

    Service db = service(view, "db");
    assertEquals(Tier.DATABASE, db.tier());
    assertEquals("rag_pgdata", db.statefulVolumes().get(0).source());
    assertTrue(db.backup().startsWith("postgres: a logical dump"), db.backup());
    assertEquals("STOP_FIRST", db.swap());
    assertEquals("publishes host port 5432, which two copies cannot bind", db.swapReason());

    Service cache = service(view, "cache");
    assertEquals("START_FIRST", cache.swap());
    assertEquals("its data mounts are declared shareable", cache.swapReason());
    assertTrue(cache.backup().startsWith("volume: an archive"), cache.backup());

    Service qdrant = service(view, "qdrant");
    assertEquals(Tier.VECTOR, qdrant.tier());
    assertEquals("snapshot: the store's snapshot API", qdrant.backup());
    assertEquals(
        "writes to volume rag_qdrant at /qdrant/storage: never two writers on one volume",
        qdrant.swapReason());
    assertEquals("rag_backend", qdrant.networks().get(0).name());
    assertEquals(List.of("vectors"), qdrant.networks().get(0).aliases());
    assertFalse(qdrant.networks().get(0).joinedByShipshape());

    Service web = service(view, "web");
    assertEquals(List.of(), web.statefulVolumes(), "a read-only mount holds no data to keep");
    assertEquals("none: no volume or bind mount", service(view, "api").backup());
    assertEquals("START_FIRST", web.swap());
    assertTrue(web.networks().get(0).joinedByShipshape());
  }

  @Test
  void findingsSayWhatIsWrongAndWhatToDo() {
    PlanView view = PlanView.of("rag", 1, "production", List.of("h1"), FILE, POLICY);

    Finding moving = findings(view, "db", "moving-tag").get(0);
    assertTrue(moving.todo().contains("(e.g. 16.4-alpine)"), moving.todo());
    assertEquals(List.of(), findings(view, "cache", "moving-tag"), "7.4.1 is a full version");
    assertTrue(
        findings(view, "web", "registry").get(0).todo().contains("updates naming it are refused"));
    assertTrue(findings(view, "db", "ignored-key").get(0).what().startsWith("env_file:"));
    assertTrue(findings(view, "db", "ignored-key").get(0).todo().contains("--var"));
    assertTrue(findings(view, "web", "ignored-key").get(0).what().startsWith("deploy:"));
    assertTrue(
        findings(view, "qdrant", "ignored-key").get(0).what().contains("joins rag_default only"));
    assertEquals(
        List.of(
            "top-level name: not read by Shipshape", "top-level networks: not read by Shipshape"),
        findings(view, null, "ignored-key").stream().map(Finding::what).toList());
  }

  @Test
  void anUpdateNamingABuildOnlyServiceIsRefusedSayingWhy() {
    List<Problem> problems =
        RequestValidator.validate(
            UpdateRequested.of(
                "r",
                "rag",
                Map.of("api", new ServiceChange("ghcr.io/acme/api:1.0.0", null, null)),
                null,
                null,
                "alice",
                null),
            new StackContext(FILE, List.of("h1"), new ImagePolicy(true, false, List.of())));
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("services.api", problems.get(0).field());
    assertTrue(
        problems.get(0).message().startsWith("service api is build-only (build: without image:"),
        problems.get(0).message());
  }

  @Test
  void aServiceWithNeitherImageNorBuildIsStillAProblem() {
    ComposeFile file = ComposeReader.read("services: {x: {command: run}}", Map.of(), null);
    assertEquals(
        List.of("service x has neither image: nor build:, so nothing could run it"),
        file.problems());
  }
}
