package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.cli.Api.Service;
import dev.shipshape.cli.Tokens.Role;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Follows an update until it ends: each new timeline event as it comes, and the progress through
 * the plan whenever it moves. The exit code says how it ended, so scripts can chain on it.
 */
@Command(
    name = "watch",
    description = "Follow UPDATE live until it ends (exit 0 succeeded, 10 rolled back, 11 failed).")
class WatchCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Shipshape root;

  @Parameters(paramLabel = "UPDATE")
  String updateId;

  @Option(
      names = "--every",
      defaultValue = "1s",
      description = "how often to ask (default ${DEFAULT-VALUE})")
  String every;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description = "give up after this long (exit 4)")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    Duration pause = Durations.parse("--every", every);
    Instant giveUp = Instant.now().plus(Durations.parse("--timeout", timeout));
    int shown = 0;
    String lastProgress = null;
    while (true) {
      JsonNode u =
          root.api().get(Service.PLANNER, "/api/updates/" + Api.segment(updateId), Role.VIEWER);
      JsonNode timeline = u.path("timeline");
      for (int i = shown; i < timeline.size(); i++) {
        if (root.json()) {
          root.out.println(timeline.get(i).toString());
        } else {
          root.out.println(UpdateReport.entry(timeline.get(i)));
        }
      }
      shown = timeline.size();
      String progress = UpdateReport.progress(u);
      if (!root.json() && !progress.equals(lastProgress)) {
        root.out.println("  " + progress);
        lastProgress = progress;
      }
      String status = Text.s(u, "status");
      if (UpdateReport.FINAL.contains(status)) {
        if (!root.json()) {
          root.out.printf(
              "update %s: %s%s%n",
              updateId, status, u.hasNonNull("summary") ? " — " + Text.s(u, "summary") : "");
        }
        return UpdateReport.exitCode(status);
      }
      if (Instant.now().isAfter(giveUp)) {
        root.out.printf(
            "update %s is still %s after %s; stopped watching%n", updateId, status, timeout);
        return 4;
      }
      Thread.sleep(pause.toMillis());
    }
  }
}
