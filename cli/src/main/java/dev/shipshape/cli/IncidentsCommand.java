package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What the monitor caught (or an operator reported), and how fast it was undone. */
@Command(
    name = "incidents",
    description = "Recent incidents: what broke, how it was detected, rollback times.")
class IncidentsCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Option(names = "--limit", defaultValue = "20")
  int limit;

  @Override
  public Integer call() {
    JsonNode incidents =
        root.api().get(Service.MONITOR, "/api/incidents?limit=" + limit, Role.VIEWER);
    if (!root.printedAsJson(incidents)) {
      List<String[]> rows =
          Text.rows(
              "ID",
              "DETECTED",
              "STACK",
              "HOST",
              "SERVICE",
              "BY",
              "CRITERION",
              "DETECT ms",
              "ROLLBACK ms",
              "VERIFIED",
              "EVIDENCE");
      for (JsonNode i : incidents) {
        rows.add(
            new String[] {
              Text.s(i, "id"),
              Text.time(i, "detectedAt"),
              Text.s(i, "stack"),
              Text.s(i, "host"),
              Text.s(i, "service"),
              Text.s(i, "detectedBy"),
              Text.s(i, "criterion"),
              Text.s(i, "detectionMillis"),
              Text.s(i, "rollbackMillis"),
              Text.s(i, "verified"),
              Text.s(i, "evidence")
            });
      }
      Text.table(root.out, rows);
    }
    return 0;
  }
}
