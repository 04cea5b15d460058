package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The operator's command line: every command is a call to one of the services' REST APIs. */
@Command(
    name = "shipshape",
    mixinStandardHelpOptions = true,
    version = "shipshape 0.1.0",
    description =
        "Careful updates of Dockerized stacks: plans, verified backups, watched rollouts.",
    subcommands = {
      StackCommand.class,
      UpdateCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      BackupsCommand.class,
      RunbookCommand.class,
      IncidentsCommand.class
    },
    footer = {
      "",
      "Services: SHIPSHAPE_PLANNER_URL, SHIPSHAPE_BACKUP_URL, SHIPSHAPE_MONITOR_URL",
      "(default http://127.0.0.1:8081, :8082, :8084).",
      "Exit codes: 0 done, 1 refused (the server's problems are printed), 2 usage,",
      "3 a service is unreachable; watch: 10 rolled back, 11 failed or rejected."
    })
public class Shipshape {
  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      description = "text (default) or json, for scripts",
      defaultValue = "text")
  String output;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      description = "bearer token (default: SHIPSHAPE_TOKEN, else this machine's local tokens)")
  String token;

  PrintWriter out = new PrintWriter(System.out, true);
  private Api api;

  Api api() {
    if (api == null) {
      api = new Api(Tokens.from(token));
    }
    return api;
  }

  boolean json() {
    return "json".equalsIgnoreCase(output);
  }

  /** Prints the answer as JSON for --output json; otherwise lets the command render it. */
  boolean printedAsJson(JsonNode answer) {
    if (json()) {
      out.println(answer.toPrettyString());
    }
    return json();
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new Shipshape());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof CliError error) {
            commandLine.getErr().println(error.getMessage());
            return error.exitCode;
          }
          throw e;
        });
    return cli.execute(args);
  }
}
