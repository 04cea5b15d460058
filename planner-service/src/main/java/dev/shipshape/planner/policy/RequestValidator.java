package dev.shipshape.planner.policy;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.time.Durations;
import dev.shipshape.common.time.InvalidDurationException;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.registry.ImagePins;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an update request against its stack and the environment's policy and lists every problem
 * at once, in words an operator can act on. Pure logic: nothing is touched while checking.
 */
public final class RequestValidator {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  private RequestValidator() {}

  /**
   * The stack as registered, or null when the request names an unknown stack; {@code pins} resolves
   * the request's images on configured registries to digests.
   */
  public record StackContext(
      ComposeFile compose,
      List<String> hosts,
      ImagePolicy policy,
      ImagePins pins,
      boolean firstDeploy) {
    public StackContext(ComposeFile compose, List<String> hosts, ImagePolicy policy) {
      this(compose, hosts, policy, ImagePins.NONE, false);
    }
  }

  public static List<Problem> validate(UpdateRequested r, StackContext stack) {
    List<Problem> problems = new ArrayList<>();
    if (r.requestId() == null || r.requestId().isBlank()) {
      problems.add(
          new Problem(
              "requestId",
              "a request id is required, so that a retried request is not applied twice"));
    }
    if (r.requestedBy() == null || r.requestedBy().isBlank()) {
      problems.add(new Problem("requestedBy", "say who asks for the update"));
    }
    if (r.stack() == null || !NAME.matcher(r.stack()).matches()) {
      problems.add(new Problem("stack", "stack name '" + r.stack() + "' is not a valid name"));
      return problems;
    }
    if (stack == null) {
      problems.add(
          new Problem(
              "stack",
              "unknown stack "
                  + r.stack()
                  + ": register it first (PUT /api/stacks/"
                  + r.stack()
                  + ")"));
      return problems;
    }
    stack.compose().problems().forEach(p -> problems.add(new Problem("stack", p)));
    if (r.services() == null || r.services().isEmpty()) {
      problems.add(new Problem("services", "name at least one service and its target image"));
    } else {
      for (Map.Entry<String, ServiceChange> e : r.services().entrySet()) {
        String field = "services." + e.getKey();
        if (!stack.compose().services().containsKey(e.getKey())) {
          problems.add(
              new Problem(
                  field,
                  "unknown service "
                      + e.getKey()
                      + " in stack "
                      + r.stack()
                      + " (services: "
                      + String.join(", ", stack.compose().services().keySet())
                      + ")"));
          continue;
        }
        if (stack.compose().services().get(e.getKey()).buildOnly()) {
          problems.add(
              new Problem(
                  field,
                  "service "
                      + e.getKey()
                      + " is build-only (build: without image: in the compose file), so no"
                      + " registry holds what runs and there is nothing to roll back to: push its"
                      + " build to a registry, name it under image: and register the file again"));
          continue;
        }
        if (e.getValue() == null || e.getValue().image() == null) {
          problems.add(new Problem(field + ".image", "a target image is required"));
          continue;
        }
        List<Problem> imageProblems = stack.policy().check(field + ".image", e.getValue().image());
        problems.addAll(imageProblems);
        if (imageProblems.isEmpty()) {
          stack
              .pins()
              .problem(e.getValue().image())
              .ifPresent(p -> problems.add(new Problem(field + ".image", p)));
        }
        if (e.getValue().env() != null) {
          e.getValue().env().keySet().stream()
              .filter(k -> !ENV_NAME.matcher(k).matches())
              .forEach(
                  k ->
                      problems.add(
                          new Problem(
                              field + ".env",
                              "'" + k + "' is not a valid environment variable name")));
        }
      }
    }
    if (r.hosts() != null) {
      r.hosts().stream()
          .filter(h -> !stack.hosts().contains(h))
          .forEach(
              h ->
                  problems.add(
                      new Problem(
                          "hosts",
                          "unknown host "
                              + h
                              + " for stack "
                              + r.stack()
                              + " (hosts: "
                              + String.join(", ", stack.hosts())
                              + ")")));
    }
    Rollout rollout = r.rollout();
    if (rollout != null) {
      if (rollout.maxParallel() < 1) {
        problems.add(new Problem("rollout.maxParallel", "must be at least 1"));
      }
      if (rollout.failureThreshold() < 0) {
        problems.add(new Problem("rollout.failureThreshold", "must not be negative"));
      }
      if (rollout.canaryHosts() != null) {
        rollout.canaryHosts().stream()
            .filter(h -> !stack.hosts().contains(h))
            .forEach(
                h -> problems.add(new Problem("rollout.canaryHosts", "unknown canary host " + h)));
      }
      if (rollout.monitorWindow() != null) {
        try {
          Durations.parsePositive(rollout.monitorWindow());
        } catch (InvalidDurationException e) {
          problems.add(new Problem("rollout.monitorWindow", e.getMessage()));
        }
      }
    }
    return problems;
  }
}
