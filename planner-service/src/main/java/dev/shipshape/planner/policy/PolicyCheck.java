package dev.shipshape.planner.policy;

import dev.shipshape.planner.config.PolicySettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads the policy settings that are not plain values once at start, so a mistyped version scheme
 * stops the planner with its name instead of failing every request later.
 */
@ApplicationScoped
public class PolicyCheck {
  void onStart(@Observes StartupEvent started, PolicySettings settings) {
    ImagePolicy.schemes(settings);
  }
}
