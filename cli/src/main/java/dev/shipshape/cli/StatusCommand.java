package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One update in full, or the list of updates. */
@Command(
    name = "status",
    description = "Show UPDATE (its plan, steps, backups, timeline), or list updates.")
class StatusCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "UPDATE", arity = "0..1")
  String updateId;

  @Option(names = "--stack")
  String stack;

  @Option(names = "--host")
  String host;

  @Option(names = "--state", description = "RUNNING, SUCCEEDED, ROLLED_BACK, FAILED, …")
  String state;

  @Override
  public Integer call() {
    if (updateId == null) {
      String path =
          Api.query(
              "/api/updates", Map.of("stack", nz(stack), "host", nz(host), "state", nz(state)));
      JsonNode updates = root.api().get(Service.PLANNER, path, Role.VIEWER);
      if (!root.printedAsJson(updates)) {
        List<String[]> rows = Text.rows("UPDATE", "STACK", "STATUS", "RECEIVED", "SUMMARY");
        for (JsonNode u : updates) {
          rows.add(
              new String[] {
                Text.s(u, "updateId"),
                Text.s(u, "stack"),
                Text.s(u, "status"),
                Text.time(u, "receivedAt"),
                Text.s(u, "summary")
              });
        }
        Text.table(root.out, rows);
      }
      return 0;
    }
    JsonNode u =
        root.api().get(Service.PLANNER, "/api/updates/" + Api.segment(updateId), Role.VIEWER);
    if (!root.printedAsJson(u)) {
      UpdateReport.header(root.out, u);
      root.out.println(UpdateReport.progress(u));
      UpdateReport.steps(root.out, u);
      UpdateReport.backups(root.out, u);
      UpdateReport.incident(root.out, u);
      root.out.println("timeline:");
      u.path("timeline").forEach(e -> root.out.println("  " + UpdateReport.entry(e)));
    }
    return 0;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
