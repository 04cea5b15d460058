package dev.shipshape.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Shipshape service run as its own process from its packaged jar, the way it runs in production,
 * so that a test can kill it (SIGKILL) mid-update and start it again on the same database, broker
 * and consumer group. Readiness is the service's own {@code /q/health/ready}.
 */
public final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  /**
   * {@code database} is created fresh; {@code env} adds to the infrastructure's addresses, the test
   * tokens and the fleet secrets key.
   */
  public ServiceProcess(String name, String database, Map<String, String> env) {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    LocalInfrastructure.freshDatabase(infra, database);
    this.name = name;
    this.port = freePort();
    this.log = Path.of("target", name + "-" + port + ".log");
    this.env = new HashMap<>();
    this.env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    this.env.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("KAFKA_BOOTSTRAP_SERVERS"));
    this.env.put("SHIPSHAPE_DB_PORT", infra.get("PG_PORT"));
    this.env.put("SHIPSHAPE_DB_NAME", database);
    this.env.put("SHIPSHAPE_DB_USER", infra.get("PG_USER"));
    this.env.put("SHIPSHAPE_DB_PASSWORD", infra.get("PG_PASSWORD"));
    this.env.put("SHIPSHAPE_AUTH_TOKENS", TestTokens.configuration());
    this.env.put("SHIPSHAPE_SECRETS_KEY", TestTokens.SECRETS_KEY);
    this.env.putAll(env);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the service and waits, with a bound, until it says it is ready. */
  public ServiceProcess start() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = pb.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log.toAbsolutePath());
              }
              try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** Kills the service at once, as a crash or an OOM kill would. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Stops it the way an operator would. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
