package dev.shipshape.deployer;

import static org.awaitility.Awaitility.await;

import dev.shipshape.common.testing.LocalInfrastructure;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A deployer agent run as its own process from the packaged jar, the way it runs on a host, so that
 * tests can kill it and start it again. Each agent has its own host id, engine and database.
 */
final class AgentProcess implements AutoCloseable {
  /** Shorter than the 3 s default, to keep the tests quick; still catches a crash after start. */
  static final String MINIMUM_UPTIME = "1s";

  private final String hostId;
  private final int engine;
  private final String dockerHost;
  private final String database;
  private final Map<String, String> infra;
  private final Path log;
  private Process process;
  private int port;

  AgentProcess(Map<String, String> infra, String hostId, int engine) {
    this.infra = infra;
    this.hostId = hostId;
    this.engine = engine;
    this.dockerHost = infra.get("DOCKER_HOST_" + engine);
    this.database = "deployer_" + hostId.replace('-', '_');
    this.log = Path.of("target", "agent-" + hostId + ".log");
    LocalInfrastructure.freshDatabase(infra, database);
  }

  String hostId() {
    return hostId;
  }

  /** Starts the agent; with a crash point it halts itself when a swap reaches that point. */
  AgentProcess start(String crashAt) throws IOException {
    port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
    Map<String, String> env = pb.environment();
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("KAFKA_BOOTSTRAP_SERVERS"));
    env.put("SHIPSHAPE_DB_PORT", infra.get("PG_PORT"));
    env.put("SHIPSHAPE_DB_NAME", database);
    env.put("SHIPSHAPE_DB_USER", infra.get("PG_USER"));
    env.put("SHIPSHAPE_DB_PASSWORD", infra.get("PG_PASSWORD"));
    env.put("SHIPSHAPE_HOST_ID", hostId);
    // One consumer group per engine across runs: a new agent starts where the last one stopped
    // instead of reading the whole history of commands for other hosts.
    env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID", "deployer-it-engine-" + engine);
    env.put("SHIPSHAPE_ENGINE_DOCKER_HOST", dockerHost);
    env.put("SHIPSHAPE_DEPLOYER_MINIMUM_UPTIME", MINIMUM_UPTIME);
    if (crashAt != null) {
      env.put("SHIPSHAPE_DEPLOYER_CRASH_AT", crashAt);
    }
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "agent " + hostId + " exited; see " + log.toAbsolutePath());
              }
              try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** Waits for the agent to halt itself at its crash point. */
  int awaitCrash(Duration bound) throws InterruptedException {
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "agent "
              + hostId
              + " did not reach its crash point within "
              + bound
              + "; see "
              + log.toAbsolutePath());
    }
    return process.exitValue();
  }

  /** Stops the agent the way an operator would. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Kills the agent at once (SIGKILL). */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  File logFile() {
    return log.toFile();
  }
}
