package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The deployment log: what ran where, from when to when, and which release is known-good. */
@Command(name = "history", description = "The deployment log of STACK, newest first.")
class HistoryCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "STACK")
  String stack;

  @Option(names = "--host")
  String host;

  @Option(names = "--service")
  String service;

  @Override
  public Integer call() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("stack", stack);
    q.put("host", host);
    q.put("service", service);
    JsonNode releases = root.api().get(Service.PLANNER, Api.query("/api/releases", q), Role.VIEWER);
    if (!root.printedAsJson(releases)) {
      List<String[]> rows =
          Text.rows("HOST", "SERVICE", "IMAGE", "DIGEST", "FROM", "TO", "KIND", "STATE");
      for (JsonNode r : releases) {
        String state =
            r.path("lastKnownGood").asBoolean()
                ? "last known-good"
                : r.path("knownGood").asBoolean() ? "known-good" : "";
        if (r.path("running").asBoolean()) {
          state = state.isEmpty() ? "running" : "running, " + state;
        }
        rows.add(
            new String[] {
              Text.s(r, "host"),
              Text.s(r, "service"),
              Text.s(r, "image"),
              Text.digest(Text.s(r, "digest")),
              Text.time(r, "startedAt"),
              Text.time(r, "endedAt"),
              Text.s(r, "kind"),
              state
            });
      }
      Text.table(root.out, rows);
    }
    return 0;
  }
}
