package dev.shipshape.cli;

import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The Markdown runbook of an update: its steps, backup locations and the manual way back. */
@Command(name = "runbook", description = "Print the Markdown runbook of UPDATE.")
class RunbookCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "UPDATE")
  String updateId;

  @Override
  public Integer call() {
    root.out.print(
        root.api()
            .getText(
                Service.PLANNER,
                "/api/updates/" + Api.segment(updateId) + "/runbook",
                Role.VIEWER));
    root.out.flush();
    return 0;
  }
}
