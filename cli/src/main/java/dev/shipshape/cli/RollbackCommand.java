package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A manual rollback of everything the update changed, newest first, with the operator's reason. */
@Command(
    name = "rollback",
    description = "Roll back UPDATE now (image, config and, for a breaking migration, data).")
class RollbackCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "UPDATE")
  String updateId;

  @Option(names = "--reason", required = true, description = "why; it goes into the incident")
  String reason;

  @Override
  public Integer call() {
    JsonNode answer =
        root.api()
            .post(
                Service.PLANNER,
                "/api/updates/" + Api.segment(updateId) + "/rollback",
                Map.of("reason", reason),
                Role.OPERATOR);
    if (!root.printedAsJson(answer)) {
      root.out.printf(
          "rollback of update %s requested; follow it: ./shipshape watch %s%n", updateId, updateId);
    }
    return 0;
  }
}
