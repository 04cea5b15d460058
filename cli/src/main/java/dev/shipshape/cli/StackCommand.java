package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Stacks: a compose file as written, the environment it belongs to and its hosts. */
@Command(name = "stack", description = "Register, list and show stacks.")
class StackCommand {
  private static final Pattern NAME = Pattern.compile("(?m)^name:\\s*['\"]?([A-Za-z0-9_.-]+)");

  @ParentCommand Shipshape root;

  @Command(
      name = "register",
      description = "Register FILE (a compose file) as a stack, or a new version of it.")
  int register(
      @Parameters(paramLabel = "FILE") Path file,
      @Option(
              names = "--name",
              description = "stack name (default: the file's `name:`, else its folder)")
          String name,
      @Option(
              names = "--environment",
              defaultValue = "staging",
              description = "production, staging, … (default ${DEFAULT-VALUE})")
          String environment,
      @Option(names = "--host", required = true, description = "a host the stack runs on (repeat)")
          List<String> hosts,
      @Option(names = "--profile", description = "the compose profile to select") String profile,
      @Option(names = "--var", description = "KEY=VALUE for ${KEY} in the file (repeat)")
          Map<String, String> variables,
      @Option(
              names = "--first-deploy",
              description =
                  "nothing of it runs yet: the first update creates every service it names (default: the file is what runs now)")
          boolean firstDeploy) {
    String compose = read(file);
    String stack = name != null ? name : nameOf(compose, file);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("compose", compose);
    body.put("environment", environment);
    body.put("hosts", hosts);
    body.put("profile", profile);
    body.put("variables", variables == null ? Map.of() : variables);
    body.put("firstDeploy", firstDeploy);
    JsonNode saved =
        root.api()
            .put(
                Service.PLANNER,
                "/api/stacks/" + Api.segment(stack),
                "application/json",
                Api.JSON.valueToTree(body).toString(),
                Role.ADMIN);
    if (!root.printedAsJson(saved)) {
      root.out.printf(
          "stack %s version %s registered (%s on %s)%n",
          Text.s(saved, "name"),
          Text.s(saved, "version"),
          Text.s(saved, "environment"),
          String.join(", ", hosts));
    }
    return 0;
  }

  @Command(name = "list", description = "Every stack, newest version.")
  int list() {
    JsonNode stacks = root.api().get(Service.PLANNER, "/api/stacks", Role.VIEWER);
    if (!root.printedAsJson(stacks)) {
      List<String[]> rows = Text.rows("STACK", "VERSION", "ENVIRONMENT", "HOSTS");
      for (JsonNode s : stacks) {
        rows.add(
            new String[] {
              Text.s(s, "name"),
              Text.s(s, "version"),
              Text.s(s, "environment"),
              join(s.path("hosts"))
            });
      }
      Text.table(root.out, rows);
    }
    return 0;
  }

  @Command(
      name = "show",
      description =
          "What Shipshape understood of NAME: per service tier, image, data and backup, swap,"
              + " dependencies and update order, networks; findings with what to do.")
  int show(@Parameters(paramLabel = "NAME") String name) {
    JsonNode view =
        root.api()
            .get(Service.PLANNER, "/api/stacks/" + Api.segment(name) + "/plan-view", Role.VIEWER);
    if (!root.printedAsJson(view)) {
      StackView.print(root.out, view);
    }
    return 0;
  }

  static String nameOf(String compose, Path file) {
    Matcher m = NAME.matcher(compose);
    if (m.find()) {
      return m.group(1);
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null || dir.getFileName() == null ? "default" : dir.getFileName().toString();
  }

  static String join(JsonNode list) {
    StringBuilder b = new StringBuilder();
    list.forEach(h -> b.append(b.length() == 0 ? "" : ", ").append(h.asText()));
    return b.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliError("cannot read " + file + ": " + e.getMessage(), 2);
    }
  }
}
