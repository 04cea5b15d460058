package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the planner's plan-view of a stack for a person: the services in update order with tier,
 * image, data and backup, swap and networks, then every finding with what to do.
 */
final class StackView {
  private StackView() {}

  static void print(PrintWriter out, JsonNode view) {
    out.printf(
        "stack %s version %s (%s on %s)%n",
        Text.s(view, "stack"),
        Text.s(view, "version"),
        Text.s(view, "environment"),
        StackCommand.join(view.path("hosts")));
    out.printf("update order: %s%n", String.join(" → ", texts(view.path("updateOrder"))));
    List<String[]> rows = Text.rows("#", "SERVICE", "TIER", "IMAGE", "SWAP", "DEPENDS ON");
    for (JsonNode s : view.path("services")) {
      List<String> deps = new ArrayList<>();
      s.path("dependsOn").fieldNames().forEachRemaining(deps::add);
      rows.add(
          new String[] {
            Text.s(s, "updateOrder"),
            Text.s(s, "name"),
            Text.s(s, "tier").toLowerCase(),
            s.path("updatable").asBoolean(true)
                ? Text.s(s, "image")
                : "(build-only: not updatable)",
            Text.s(s, "swap").toLowerCase().replace('_', '-'),
            deps.isEmpty() ? "-" : String.join(", ", deps)
          });
    }
    Text.table(out, rows);
    for (JsonNode s : view.path("services")) {
      out.printf("%n%s%n", Text.s(s, "name"));
      List<String> volumes = new ArrayList<>();
      s.path("statefulVolumes")
          .forEach(v -> volumes.add(Text.s(v, "source") + " → " + Text.s(v, "target")));
      out.printf("  data:     %s%n", volumes.isEmpty() ? "none" : String.join(", ", volumes));
      out.printf("  backup:   %s%n", Text.s(s, "backup"));
      out.printf("  swap:     %s%n", Text.s(s, "swapReason"));
      List<String> networks = new ArrayList<>();
      s.path("networks")
          .forEach(
              n ->
                  networks.add(
                      Text.s(n, "name")
                          + (n.path("aliases").isEmpty()
                              ? ""
                              : " as " + StackCommand.join(n.path("aliases")))
                          + (n.path("joinedByShipshape").asBoolean()
                              ? ""
                              : " (not joined by Shipshape)")));
      out.printf("  networks: %s%n", String.join(", ", networks));
    }
    JsonNode findings = view.path("findings");
    out.printf("%n%s%n", findings.isEmpty() ? "no findings" : "findings:");
    for (JsonNode f : findings) {
      String where = Text.s(f, "service");
      out.printf(
          "  - %s%s: %s%n      do: %s%n",
          where == null ? "" : where + " ",
          Text.s(f, "kind"),
          Text.s(f, "what"),
          Text.s(f, "todo"));
    }
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }
}
