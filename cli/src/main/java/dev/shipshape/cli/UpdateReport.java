package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/** How an update reads in text: its header, the plan with each step's state, backups, incident. */
final class UpdateReport {
  static final Set<String> FINAL = Set.of("SUCCEEDED", "ROLLED_BACK", "FAILED", "REJECTED");
  private static final Set<String> STEP_DONE =
      Set.of("DEPLOYED", "VERIFIED", "FAILED", "SKIPPED", "ROLLED_BACK", "ROLLBACK_FAILED");

  private UpdateReport() {}

  static void header(PrintWriter out, JsonNode u) {
    out.printf(
        "update %s  stack %s (%s)  %s%s%n",
        Text.s(u, "updateId"),
        Text.s(u, "stack"),
        Text.s(u, "environment"),
        Text.s(u, "status"),
        u.hasNonNull("summary") ? " — " + Text.s(u, "summary") : "");
    out.printf(
        "requested by %s at %s%s%n",
        Text.s(u, "requestedBy"),
        Text.time(u, "receivedAt"),
        u.hasNonNull("reason") ? ": " + Text.s(u, "reason") : "");
    for (JsonNode p : u.path("problems")) {
      out.printf("  problem: %s: %s%n", Text.s(p, "field"), Text.s(p, "message"));
    }
  }

  static void steps(PrintWriter out, JsonNode u) {
    List<String[]> rows =
        Text.rows("WAVE", "HOST", "TIER", "SERVICE", "IMAGE", "STRATEGY", "STATE");
    for (JsonNode s : u.path("steps")) {
      rows.add(
          new String[] {
            Text.s(s, "wave"),
            Text.s(s, "host"),
            Text.s(s, "tier"),
            Text.s(s, "service"),
            Text.s(s, "image"),
            Text.s(s, "strategy"),
            Text.s(s, "state") + (s.hasNonNull("reason") ? " (" + Text.s(s, "reason") + ")" : "")
          });
    }
    Text.table(out, rows);
  }

  static void backups(PrintWriter out, JsonNode u) {
    if (u.path("backups").isEmpty()) {
      return;
    }
    out.println("backups:");
    List<String[]> rows = Text.rows("  HOST", "SERVICE", "KIND", "STATE", "SIZE", "OBJECT");
    for (JsonNode b : u.path("backups")) {
      rows.add(
          new String[] {
            "  " + Text.s(b, "host"),
            Text.s(b, "service"),
            Text.s(b, "kind"),
            Text.s(b, "state"),
            Text.s(b, "sizeBytes"),
            Text.s(b, "objectKey")
          });
    }
    Text.table(out, rows);
  }

  static void incident(PrintWriter out, JsonNode u) {
    JsonNode i = u.path("incident");
    if (i.isMissingNode() || i.isNull()) {
      return;
    }
    out.println("incident: " + i);
  }

  static String progress(JsonNode u) {
    int total = u.path("steps").size();
    int done = 0;
    for (JsonNode s : u.path("steps")) {
      if (STEP_DONE.contains(Text.s(s, "state"))) {
        done++;
      }
    }
    return Text.bar(done, total, 24)
        + " steps · wave "
        + Math.min(u.path("currentWave").asInt() + 1, u.path("plan").size())
        + "/"
        + u.path("plan").size()
        + " · "
        + Text.s(u, "status");
  }

  static String entry(JsonNode e) {
    StringBuilder line = new StringBuilder();
    line.append(Text.time(e, "at")).append("  ").append(String.format("%-20s", Text.s(e, "type")));
    if (e.hasNonNull("host")) {
      line.append(" ").append(Text.s(e, "host"));
    }
    if (e.hasNonNull("service")) {
      line.append("/").append(Text.s(e, "service"));
    }
    if (e.hasNonNull("detail")) {
      line.append("  ").append(Text.s(e, "detail"));
    }
    return line.toString();
  }

  /** watch's exit code: 0 succeeded, 10 rolled back, 11 failed or rejected. */
  static int exitCode(String status) {
    return switch (status) {
      case "SUCCEEDED" -> 0;
      case "ROLLED_BACK" -> 10;
      default -> 11;
    };
  }
}
