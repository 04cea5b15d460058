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

/** The backup catalog of a stack, and restore drills on demand. */
@Command(
    name = "backups",
    description = "List the backups of STACK; `backups verify ID` runs a restore drill.")
class BackupsCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "STACK", arity = "0..1")
  String stack;

  @Option(names = "--service")
  String service;

  @Option(names = "--host")
  String host;

  @Override
  public Integer call() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("stack", stack);
    q.put("service", service);
    q.put("host", host);
    JsonNode backups = root.api().get(Service.BACKUP, Api.query("/api/backups", q), Role.VIEWER);
    if (!root.printedAsJson(backups)) {
      List<String[]> rows =
          Text.rows(
              "ID", "CREATED", "HOST", "SERVICE", "KIND", "STATUS", "BYTES", "SHA-256", "OBJECT");
      for (JsonNode b : backups) {
        rows.add(row(b));
      }
      Text.table(root.out, rows);
    }
    return 0;
  }

  static String[] row(JsonNode b) {
    String status = Text.s(b, "status");
    if (b.hasNonNull("failedCheck")) {
      status += " (" + Text.s(b, "failedCheck") + ": " + Text.s(b, "reason") + ")";
    }
    return new String[] {
      Text.s(b, "id"),
      Text.time(b, "createdAt"),
      Text.s(b, "host"),
      Text.s(b, "service"),
      Text.s(b, "kind"),
      status,
      Text.s(b, "sizeBytes"),
      Text.digest("sha256:" + Text.s(b, "sha256")),
      Text.s(b, "objectKey")
    };
  }

  @Command(
      name = "verify",
      description = "Restore backup ID into a scratch container and check it, now.")
  int verify(@Parameters(paramLabel = "ID") String id) {
    JsonNode b =
        root.api()
            .post(
                Service.BACKUP,
                "/api/backups/" + Api.segment(id) + "/verify",
                Map.of(),
                Role.OPERATOR);
    if (!root.printedAsJson(b)) {
      List<String[]> rows =
          Text.rows(
              "ID", "CREATED", "HOST", "SERVICE", "KIND", "STATUS", "BYTES", "SHA-256", "OBJECT");
      rows.add(row(b));
      Text.table(root.out, rows);
      root.out.println("captured: " + b.path("captured"));
    }
    return "VERIFIED".equals(Text.s(b, "status")) ? 0 : 1;
  }
}
