package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Asks the planner for an update; it answers with the plan or with every problem it found. */
@Command(name = "update", description = "Request an update of STACK to pinned images.")
class UpdateCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "STACK")
  String stack;

  @Option(names = "--set", required = true, description = "service=image:tag (repeat)")
  Map<String, String> images;

  @Option(names = "--env", description = "service.NAME=VALUE, an env change (repeat)")
  Map<String, String> env;

  @Option(
      names = "--migration",
      description =
          "service=compatible|breaking: the new version migrates data (breaking: rolling back restores the backup)")
  Map<String, String> migrations;

  @Option(names = "--host", description = "only these hosts (default: all of the stack's)")
  List<String> hosts;

  @Option(names = "--canary", description = "the first N hosts form the canary wave")
  Integer canary;

  @Option(names = "--canary-host", description = "a canary host by name (repeat)")
  List<String> canaryHosts;

  @Option(
      names = "--max-parallel",
      defaultValue = "1",
      description = "hosts per wave after the canary")
  int maxParallel;

  @Option(
      names = "--failure-threshold",
      defaultValue = "0",
      description =
          "failed hosts a wave may have and the rollout go on (each is rolled back); one more"
              + " halts it and rolls back every wave (default 0: the first failure)")
  int failureThreshold;

  @Option(names = "--window", description = "the monitoring window after each step, e.g. 60s")
  String window;

  @Option(names = "--reason", description = "why; kept in the timeline and the deployment log")
  String reason;

  @Option(
      names = "--request-id",
      description = "idempotency key (default: a new one); the same id twice is the same update")
  String requestId;

  @Override
  public Integer call() {
    Map<String, Object> request = request(canaryHosts());
    JsonNode accepted = root.api().post(Service.PLANNER, "/api/updates", request, Role.OPERATOR);
    if (!root.printedAsJson(accepted)) {
      String id = Text.s(accepted, "updateId");
      if (!accepted.path("summary").isMissingNode() && !accepted.path("summary").isNull()) {
        // Ended already: nothing the request names differs from what runs.
        root.out.printf(
            "update %s for stack %s %s: %s%n",
            id, stack, Text.s(accepted, "status").toLowerCase(), Text.s(accepted, "summary"));
        return 0;
      }
      root.out.printf("update %s accepted for stack %s%n", id, stack);
      JsonNode waves = accepted.path("plan");
      for (JsonNode w : waves) {
        root.out.printf(
            "  wave %s%s: %s (%d steps)%n",
            Text.s(w, "index"),
            w.path("canary").asBoolean() ? " (canary)" : "",
            StackCommand.join(w.path("hosts")),
            w.path("steps").size());
      }
      root.out.printf("follow it: ./shipshape watch %s%n", id);
    }
    return 0;
  }

  private List<String> canaryHosts() {
    List<String> chosen = new ArrayList<>(canaryHosts == null ? List.of() : canaryHosts);
    if (canary != null && canary > 0) {
      List<String> candidates = hosts;
      if (candidates == null || candidates.isEmpty()) {
        JsonNode s =
            root.api().get(Service.PLANNER, "/api/stacks/" + Api.segment(stack), Role.VIEWER);
        candidates = new ArrayList<>();
        for (JsonNode h : s.path("hosts")) {
          candidates.add(h.asText());
        }
      }
      candidates.stream().filter(h -> !chosen.contains(h)).limit(canary).forEach(chosen::add);
    }
    return chosen;
  }

  Map<String, Object> request(List<String> canaries) {
    Map<String, Object> services = new LinkedHashMap<>();
    images.forEach((service, image) -> services.put(service, change(service, image)));
    if (env != null) {
      for (String key : env.keySet()) {
        String service = key.contains(".") ? key.substring(0, key.indexOf('.')) : "";
        if (!images.containsKey(service)) {
          throw new CliError(
              "--env " + key + ": name a service given with --set, as service.NAME=VALUE", 2);
        }
      }
    }
    Map<String, Object> rollout = new LinkedHashMap<>();
    rollout.put("canaryHosts", canaries);
    rollout.put("maxParallel", maxParallel);
    rollout.put("failureThreshold", failureThreshold);
    if (window != null) {
      Durations.parse("--window", window); // a typo is a usage error here, not a round trip
    }
    // Sent as typed: the planner reads the same syntax, and the label shows what was asked for.
    rollout.put("monitorWindow", window);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("requestId", requestId != null ? requestId : UUID.randomUUID().toString());
    request.put("stack", stack);
    request.put("services", services);
    request.put("hosts", hosts);
    request.put("rollout", rollout);
    request.put("reason", reason);
    return request;
  }

  private Map<String, Object> change(String service, String image) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("image", image);
    Map<String, String> changedEnv = new LinkedHashMap<>();
    if (env != null) {
      env.forEach(
          (key, value) -> {
            if (key.startsWith(service + ".")) {
              changedEnv.put(key.substring(service.length() + 1), value);
            }
          });
    }
    change.put("env", changedEnv.isEmpty() ? null : changedEnv);
    String migration = migrations == null ? null : migrations.get(service);
    if (migration != null) {
      if (!migration.equals("compatible") && !migration.equals("breaking")) {
        throw new CliError(
            "--migration " + service + "=" + migration + ": say compatible or breaking", 2);
      }
      change.put(
          "migration",
          Map.of("present", true, "backwardCompatible", migration.equals("compatible")));
    }
    return change;
  }
}
