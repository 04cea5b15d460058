package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.config.PolicySettings.Registry;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.policy.ImagePolicy;
import dev.shipshape.planner.policy.RequestValidator;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.registry.ImagePins;
import dev.shipshape.planner.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The durability policy and digest pins as pure logic, with a scripted registry. */
class RegistryPolicyTest {
  static final String DIGEST = "sha256:" + "a".repeat(64);

  /** Answers every tag with {@link #DIGEST} except 9.9.9; counts what it is asked. */
  static final class ScriptedRegistry extends RegistryClient {
    final List<String> asked = new ArrayList<>();

    @Override
    public Answer resolve(Registry registry, String repository, String reference) {
      asked.add(repository + ":" + reference);
      return reference.equals("9.9.9")
          ? new Answer(null, "registry " + registry.address() + " answered 404 MANIFEST_UNKNOWN")
          : new Answer(DIGEST, null);
    }
  }

  static Registry registry(String address) {
    return new Registry() {
      @Override
      public String address() {
        return address;
      }

      @Override
      public Optional<String> url() {
        return Optional.empty();
      }

      @Override
      public Optional<String> username() {
        return Optional.empty();
      }

      @Override
      public Optional<String> password() {
        return Optional.empty();
      }
    };
  }

  private static UpdateRequested request(String image) {
    return UpdateRequested.of(
        "r-1", "ai", Map.of("agent", new ServiceChange(image, null, null)), null, null, "a", null);
  }

  @Test
  void requireRegistryRefusesImagesNoConfiguredRegistryHolds() {
    ImagePolicy durable =
        new ImagePolicy(true, false, List.of(), true, List.of("reg.example:5000"));
    List<Problem> refused = durable.check("image", "localhost/acme/agent:1.0.0");
    assertEquals(1, refused.size(), refused.toString());
    assertTrue(refused.get(0).message().contains("none of the configured registries"));
    assertEquals(List.of(), durable.check("image", "reg.example:5000/acme/agent:1.0.0"));
    ImagePolicy lenient = new ImagePolicy(true, false, List.of());
    assertEquals(List.of(), lenient.check("image", "localhost/acme/agent:1.0.0"));
  }

  @Test
  void eachImageIsAskedOnceAndThePlanCarriesThePinnedReference() {
    ScriptedRegistry client = new ScriptedRegistry();
    ImagePins pins =
        new ImagePins(Map.of("reg.example:5000", registry("reg.example:5000")), client);
    String image = "reg.example:5000/acme/agent:2024-06-02";
    StackContext context =
        new StackContext(
            PolicyAndPlanTest.STACK,
            PolicyAndPlanTest.HOSTS,
            new ImagePolicy(true, false, List.of()),
            pins,
            false);

    assertEquals(List.of(), RequestValidator.validate(request(image), context));
    List<PlannedStep> steps =
        Planner.plan(context.compose(), context.hosts(), request(image), pins).stream()
            .flatMap(w -> w.steps().stream())
            .toList();

    assertEquals(4, steps.size());
    steps.forEach(s -> assertEquals(image + "@" + DIGEST, s.image()));
    assertEquals(List.of("acme/agent:2024-06-02"), client.asked, "one lookup per request");
  }

  @Test
  void aMissingTagIsAProblemOnItsFieldAndOtherRegistriesAreNotAsked() {
    ScriptedRegistry client = new ScriptedRegistry();
    ImagePins pins =
        new ImagePins(Map.of("reg.example:5000", registry("reg.example:5000")), client);
    StackContext context =
        new StackContext(
            PolicyAndPlanTest.STACK,
            PolicyAndPlanTest.HOSTS,
            new ImagePolicy(true, false, List.of()),
            pins,
            false);

    List<Problem> problems =
        RequestValidator.validate(request("reg.example:5000/acme/agent:9.9.9"), context);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("services.agent.image", problems.get(0).field());
    assertEquals(
        "'reg.example:5000/acme/agent:9.9.9' cannot be resolved: registry reg.example:5000"
            + " answered 404 MANIFEST_UNKNOWN",
        problems.get(0).message());

    assertEquals(
        List.of(), RequestValidator.validate(request("ghcr.io/acme/agent:1.0.0"), context));
    assertEquals("ghcr.io/acme/agent:1.0.0", pins.pinned("ghcr.io/acme/agent:1.0.0"));
    assertEquals(List.of("acme/agent:9.9.9"), client.asked);
  }
}
