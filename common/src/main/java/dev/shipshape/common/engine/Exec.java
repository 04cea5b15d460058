package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command run inside a container through the engine's exec API, bounded by a timeout: either
 * streamed (stdout to the caller's sink, never collected whole, and the tail of stderr kept for the
 * operator) or, for a short check, its exit code and output. Env values (credentials) go only to
 * the engine, never to a log.
 */
public final class Exec {
  private static final int TAIL_BYTES = 4096;

  /** How the command ended: exit code (-1 when unknown) and the last lines of its stderr. */
  public record Result(long exitCode, String stderrTail, String error) {
    public boolean ok() {
      return exitCode == 0 && error == null;
    }

    /** What went wrong, in one line for a reason and the stderr tail for the evidence. */
    public String describe() {
      if (error != null) {
        return error;
      }
      return "exit code " + exitCode;
    }
  }

  private Exec() {}

  /** Runs the command; stdout goes to {@code stdout} (which this does not close). */
  public static Result run(
      DockerClient docker,
      String container,
      List<String> command,
      Map<String, String> env,
      InputStream stdin,
      OutputStream stdout,
      Duration timeout) {
    return run(docker, container, command, env, stdin, stdout, null, timeout);
  }

  /** As above, with stderr also copied to {@code stderr} (e.g. to pick marked lines out of it). */
  public static Result run(
      DockerClient docker,
      String container,
      List<String> command,
      Map<String, String> env,
      InputStream stdin,
      OutputStream stdout,
      OutputStream stderr,
      Duration timeout) {
    ExecCreateCmd create =
        docker
            .execCreateCmd(container)
            .withCmd(command.toArray(String[]::new))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withAttachStdin(stdin != null);
    if (env != null && !env.isEmpty()) {
      create.withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    String execId = create.exec().getId();
    Sink sink = new Sink(stdout, stderr);
    ExecStartCmd start = docker.execStartCmd(execId);
    if (stdin != null) {
      start.withStdIn(stdin);
    }
    try (Sink running = start.exec(sink)) {
      if (!running.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Result(-1, sink.tail(), "did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, sink.tail(), "interrupted");
    } catch (IOException | RuntimeException e) {
      return new Result(-1, sink.tail(), "exec failed: " + e.getMessage());
    }
    if (sink.failure != null) {
      return new Result(-1, sink.tail(), sink.failure);
    }
    Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
    return new Result(code == null ? -1 : code, sink.tail(), null);
  }

  /** Runs a short command and returns its stdout as text (for counts and listings). */
  public static Captured capture(
      DockerClient docker,
      String container,
      List<String> command,
      Map<String, String> env,
      Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Result result = run(docker, container, command, env, null, out, timeout);
    return new Captured(result, out.toString(StandardCharsets.UTF_8));
  }

  /** A short command's result and its stdout. */
  public record Captured(Result result, String stdout) {}

  /** A check's exit code (-1 when it did not run to the end) and its output or why it has none. */
  public record Outcome(long exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs a short check (a health command) and returns its exit code and its stdout and stderr
   * interleaved, as the engine sent them. An engine error (the container went away, the exec could
   * not attach) is a failed run, not an exception: to a health check it means "not healthy (yet)".
   */
  public static Outcome check(
      DockerClient docker, String container, List<String> command, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Result result;
    try {
      result = run(docker, container, command, Map.of(), null, out, out, timeout);
    } catch (RuntimeException e) {
      return new Outcome(-1, "could not run " + command + ": " + e.getMessage());
    }
    String output = out.toString(StandardCharsets.UTF_8);
    if (result.error() != null) {
      return new Outcome(-1, output.isBlank() ? result.error() : result.error() + ": " + output);
    }
    return new Outcome(result.exitCode(), output);
  }

  private static final class Sink extends ResultCallback.Adapter<Frame> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] tail = new byte[TAIL_BYTES];
    private int tailLength;
    private volatile String failure;

    Sink(OutputStream stdout, OutputStream stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public void onNext(Frame frame) {
      if (frame.getStreamType() == StreamType.STDERR) {
        keepTail(frame.getPayload());
        if (stderr != null) {
          try {
            stderr.write(frame.getPayload());
          } catch (IOException e) {
            failure = "stderr could not be read: " + e.getMessage();
          }
        }
        return;
      }
      if (failure != null) {
        return;
      }
      try {
        stdout.write(frame.getPayload());
      } catch (IOException e) {
        // The reader went away (an upload that gave up): stop reading, the exec is abandoned.
        failure = "output could not be delivered: " + e.getMessage();
        try {
          close();
        } catch (IOException ignored) {
          // already closing
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      if (failure == null) {
        failure = "exec stream failed: " + throwable.getMessage();
      }
      super.onError(throwable);
    }

    private synchronized void keepTail(byte[] bytes) {
      if (bytes.length >= TAIL_BYTES) {
        System.arraycopy(bytes, bytes.length - TAIL_BYTES, tail, 0, TAIL_BYTES);
        tailLength = TAIL_BYTES;
        return;
      }
      int keep = Math.min(tailLength, TAIL_BYTES - bytes.length);
      System.arraycopy(tail, tailLength - keep, tail, 0, keep);
      System.arraycopy(bytes, 0, tail, keep, bytes.length);
      tailLength = keep + bytes.length;
    }

    synchronized String tail() {
      return new String(tail, 0, tailLength, StandardCharsets.UTF_8).strip();
    }
  }
}
