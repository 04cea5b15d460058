package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a container logged, stdout and stderr interleaved: its last lines (evidence for a failure),
 * or, to follow a container from one check to the next, each line since an engine timestamp. Logs
 * are evidence, never a verdict: an engine that cannot give them costs the text, not the caller.
 */
public final class ContainerLogs {
  /** How long one read may take; a log read never holds up a deploy or a check for longer. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private ContainerLogs() {}

  /** A line with the engine's timestamp (what {@link #since} hands back). */
  public record Line(Instant at, String text) {}

  /** The last {@code lines} lines the container logged; on an engine error, what came and why. */
  public static String tail(DockerClient docker, String id, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      read(
          docker.logContainerCmd(id).withTail(lines),
          frame -> out.append(new String(frame.getPayload(), StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      out.append("(logs unavailable: ").append(e.getMessage()).append(')');
    }
    return out.toString().strip();
  }

  /**
   * The lines logged after {@code since}, each with its engine timestamp, so that a caller reading
   * again from the last one it saw counts no line twice. Empty on an engine error.
   */
  public static List<Line> since(DockerClient docker, String id, Instant since) {
    List<String> raw = new ArrayList<>();
    try {
      read(
          docker
              .logContainerCmd(id)
              .withTimestamps(true)
              // The engine takes whole seconds; lines of that second up to `since` are dropped
              // below.
              .withSince((int) since.getEpochSecond()),
          frame ->
              new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(raw::add));
    } catch (RuntimeException e) {
      return List.of();
    }
    List<Line> lines = new ArrayList<>();
    for (String line : raw) {
      int space = line.indexOf(' ');
      Instant at;
      try {
        at = Instant.parse(space < 0 ? line : line.substring(0, space));
      } catch (RuntimeException e) {
        continue;
      }
      if (at.isAfter(since)) {
        lines.add(new Line(at, space < 0 ? "" : line.substring(space + 1)));
      }
    }
    return lines;
  }

  private static void read(LogContainerCmd cmd, Consumer<Frame> sink) {
    try {
      cmd.withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  sink.accept(frame);
                }
              })
          .awaitCompletion(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
