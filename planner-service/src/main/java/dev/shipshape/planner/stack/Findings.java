package dev.shipshape.planner.stack;

import dev.shipshape.common.image.ImageReference;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeService;
import dev.shipshape.planner.policy.ImagePolicy;
import dev.shipshape.planner.stack.PlanView.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an operator should know about a registered compose file before the first update: moving tags
 * it runs, images outside the configured registries, build-only services, and keys compose applies
 * that Shipshape does not — each with what to do. Pure logic.
 */
final class Findings {
  /** Advice for keys users often rely on; other keys get the general advice. */
  private static final Map<String, String> ADVICE =
      Map.of(
          "env_file",
          "move the variables under environment:, or register the stack with --var KEY=VALUE",
          "extends",
          "write the service out in full; Shipshape does not read extends:",
          "networks",
          "until Shipshape joins declared networks, keep the service on the default network or"
              + " expect it to be reachable only there after an update",
          "deploy",
          "resource limits and GPU reservations are not applied by Shipshape: a container it"
              + " creates runs without them",
          "secrets",
          "pass the value as a secret-named environment variable (…_PASSWORD, …_TOKEN): Shipshape"
              + " seals those",
          "include",
          "merge the included file into this one; Shipshape reads one file");

  private Findings() {}

  static List<Finding> of(String stack, String environment, ComposeFile file, ImagePolicy policy) {
    List<Finding> findings = new ArrayList<>();
    for (String name : file.order()) {
      ComposeService s = file.services().get(name);
      if (s.buildOnly()) {
        findings.add(
            new Finding(
                name,
                "build-only",
                "built from source by docker compose (build: without image:): not updatable",
                "push its build to a registry, name it under image: and register the file again;"
                    + " until then it is ordered with the rest and left as it runs"));
      } else {
        image(name, s.image(), environment, policy, findings);
      }
      for (String key : s.ignoredKeys()) {
        findings.add(
            new Finding(
                name,
                "ignored-key",
                key
                    + ": docker compose applies it, Shipshape does not, so a container Shipshape"
                    + " creates lacks it"
                    + (key.equals("networks") ? " (it joins " + stack + "_default only)" : ""),
                ADVICE.getOrDefault(
                    key,
                    "remove it if the service does not need it; otherwise know that an update"
                        + " drops it")));
      }
    }
    for (String key : file.ignoredKeys()) {
      findings.add(
          new Finding(
              null,
              "ignored-key",
              "top-level " + key + ": not read by Shipshape",
              ADVICE.getOrDefault(
                  key, "nothing, if no service relies on it; else handle it outside Shipshape")));
    }
    return findings;
  }

  private static void image(
      String service,
      String reference,
      String environment,
      ImagePolicy policy,
      List<Finding> findings) {
    ImageReference image;
    try {
      image = ImageReference.parse(reference);
    } catch (IllegalArgumentException e) {
      findings.add(
          new Finding(service, "image", e.getMessage(), "correct image: in the compose file"));
      return;
    }
    policy
        .moving(image)
        .ifPresent(
            why ->
                findings.add(
                    new Finding(
                        service,
                        "moving-tag",
                        "runs '" + reference + "', which may point at another image tomorrow",
                        "the next update must name a fixed version: '" + reference + "' " + why)));
    if (!policy.allowedRegistry(image)) {
      findings.add(
          new Finding(
              service,
              "registry",
              "'" + reference + "' comes from " + image.registry() + ", outside the allow-list",
              "updates must name images from " + policy.allowedRegistries()));
    }
    if (!policy.configuredRegistry(image)) {
      findings.add(
          new Finding(
              service,
              "registry",
              "'"
                  + reference
                  + "' is in none of the configured registries "
                  + policy.configuredRegistries()
                  + ": its tag is not pinned to a digest and a host that loses it may not pull it"
                  + " again",
              "push it to a configured registry (shipshape.policy.registries.*) and name it there"
                  + (policy.requireRegistry()
                      ? "; in " + environment + " updates naming it are refused until then"
                      : "")));
    }
  }
}
