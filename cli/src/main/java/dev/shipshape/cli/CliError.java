package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** A refusal or failure to print plainly; its exit code tells scripts what kind it was. */
final class CliError extends RuntimeException {
  final int exitCode;

  CliError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The server's problem list (RFC 9457 with "problems"), one line each; else its own words. */
  static CliError of(int status, String body) {
    StringBuilder out = new StringBuilder();
    try {
      JsonNode p = Api.JSON.readTree(body);
      out.append(text(p, "title", "refused")).append(" (HTTP ").append(status).append(")");
      if (p.hasNonNull("detail")) {
        out.append(": ").append(p.get("detail").asText());
      }
      for (JsonNode problem : p.path("problems")) {
        out.append("\n  - ");
        String field = text(problem, "field", "");
        if (!field.isEmpty()) {
          out.append(field).append(": ");
        }
        out.append(text(problem, "message", problem.toString()));
      }
    } catch (IOException | RuntimeException e) {
      out.setLength(0);
      out.append("HTTP ").append(status);
      if (status == 401) {
        out.append(": no valid token (set SHIPSHAPE_TOKEN or pass --token)");
      } else if (status == 403) {
        out.append(": this token's role may not do that");
      } else if (body != null && !body.isBlank()) {
        out.append(": ").append(body.strip());
      }
    }
    return new CliError(out.toString(), 1);
  }

  private static String text(JsonNode n, String field, String otherwise) {
    return n.hasNonNull(field) ? n.get(field).asText() : otherwise;
  }
}
