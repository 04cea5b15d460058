package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.config.PolicySettings.Registry;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.registry.ImagePins;
import dev.shipshape.planner.registry.RegistryClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A request that names what already runs, with the same config, plans no step for it. */
class UnchangedPlanTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final String OTHER_DIGEST = "sha256:" + "b".repeat(64);
  private static final String COMPOSE =
      """
      services:
        db:
          image: postgres:16.4-alpine
          environment: {POSTGRES_DB: app}
          volumes: [pgdata:/var/lib/postgresql/data]
          x-shipshape: {window: 5m}
      volumes: {pgdata: {}}
      """;
  private static final ComposeFile STACK = ComposeReader.read(COMPOSE, Map.of(), null);

  /** What Shipshape would have deployed for db, as the deployment log keeps it. */
  private static ServiceSpec deployed(String image, String dbName, String window) {
    return ServiceSpecs.target(
        "s",
        STACK.services().get("db"),
        new ServiceChange(image, Map.of("POSTGRES_DB", dbName), null),
        null,
        window);
  }

  /** Docker Hub as a configured registry whose postgres:16.4-alpine is {@code digest}. */
  private static ImagePins pins(String digest) {
    if (digest == null) {
      return ImagePins.NONE;
    }
    RegistryClient hub =
        new RegistryClient() {
          @Override
          public Answer resolve(Registry registry, String repository, String reference) {
            return new Answer(digest, null);
          }
        };
    return new ImagePins(Map.of("docker.io", RegistryPolicyTest.registry("docker.io")), hub);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // what the request names | db env asked | what runs (- never deployed) | registry pin |
        // steps
        "the compose image, adopted            | postgres:16.4-alpine | -   | -         | -      | 0",
        "the tag of what was pinned            | postgres:16.4-alpine | -   | pinned    | -      | 0",
        "the tag, registry pins the same build | postgres:16.4-alpine | -   | pinned    | same   | 0",
        "the pinned form itself                | postgres:16.4-alpine@DIGEST | - | pinned | -   | 0",
        "fully qualified name                  | docker.io/library/postgres:16.4-alpine | - | pinned | - | 0",
        "the same env value                    | postgres:16.4-alpine | app | pinned    | -      | 0",
        "only another monitor window           | postgres:16.4-alpine | -   | window    | -      | 0",
        "a new env value                       | postgres:16.4-alpine | new | pinned    | -      | 1",
        "another version                       | postgres:16.5-alpine | -   | pinned    | -      | 1",
        "the tag, moved to another build       | postgres:16.4-alpine | -   | pinned    | moved  | 1",
        "the compose file changed since        | postgres:16.4-alpine | -   | oldports  | -      | 1",
      })
  void stepsOnlyForWhatWouldChange(
      String why, String image, String env, String runs, String pin, int steps) {
    String named = image.replace("DIGEST", DIGEST);
    ServiceSpec running =
        switch (runs == null ? "" : runs) {
          case "pinned" -> deployed("postgres:16.4-alpine@" + DIGEST, "app", "5m");
          case "window" -> deployed("postgres:16.4-alpine@" + DIGEST, "app", "30m");
          case "oldports" -> withPorts(deployed("postgres:16.4-alpine@" + DIGEST, "app", "5m"));
          default -> null;
        };
    String pinned = pin == null ? null : pin.equals("same") ? DIGEST : OTHER_DIGEST;
    UpdateRequested request =
        UpdateRequested.of(
            "r",
            "s",
            Map.of(
                "db",
                new ServiceChange(named, env == null ? null : Map.of("POSTGRES_DB", env), null)),
            null,
            new Rollout(null, 1, 0, "PT1M"),
            "alice",
            why);

    List<Wave> plan =
        Planner.plan(STACK, List.of("h1", "h2"), request, pins(pinned), (host, service) -> running);

    assertEquals(
        steps * 2,
        plan.stream().mapToInt(w -> w.steps().size()).sum(),
        why
            + ": "
            + plan.stream().flatMap(w -> w.steps().stream()).map(PlannedStep::image).toList());
  }

  /** A release deployed before the compose file gained a published port. */
  private static ServiceSpec withPorts(ServiceSpec spec) {
    return new ServiceSpec(
        spec.image(),
        spec.containerName(),
        spec.env(),
        spec.command(),
        spec.entrypoint(),
        List.of(new PortBinding(5432, "tcp", null, 5432)),
        spec.volumes(),
        spec.labels(),
        spec.healthCheck(),
        spec.restartPolicy(),
        spec.networks());
  }
}
