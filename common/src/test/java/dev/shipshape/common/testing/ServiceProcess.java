package dev.shipshape.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Shipshape service run as its own process from its packaged jar, the way it runs in production,
 * so that a test can kill it (SIGKILL) mid-update and start it again on the same database, broker
 * and consumer group. Readiness is the service's own {@code /q/health/ready}.
 */
public final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final Path jar;
  private final Map<String, String> env;
  private final Path log;
  private final String address;
  private final int port;
  private final String namespace;
  private Process process;

  /**
   * {@code database} is created fresh; {@code env} adds to the infrastructure's addresses, the test
   * tokens and the fleet secrets key.
   */
  public ServiceProcess(String name, String database, Map<String, String> env) {
    this(
        name,
        Path.of("target", "quarkus-app", "quarkus-run.jar"),
        database,
        env,
        LocalInfrastructure.ensureUp(),
        null,
        "127.0.0.1",
        freePort());
  }

  /**
   * Another module's service (e.g. {@code planner-service}), from its packaged jar, on the control
   * plane: a test of one service meets the real other one, as they meet in production, through
   * Kafka and REST. The module must have been packaged (a test-scoped dependency of type {@code
   * pom} on it orders the build).
   */
  public static ServiceProcess packaged(String module, String database, Map<String, String> env) {
    Path jar =
        LocalInfrastructure.repositoryRoot()
            .resolve(module + "/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package " + module + " first (./mvnw -pl " + module + " package)");
    }
    return new ServiceProcess(
        module, jar, database, env, LocalInfrastructure.ensureUp(), null, "127.0.0.1", freePort());
  }

  /**
   * A service (from {@code jar}) run on simulated host K as it runs on a real host: inside the
   * host's network namespace, answering at the host's address on {@code port}, and reaching the
   * broker and the database at the control plane's side of the host link. The port is the caller's
   * choice, since nothing here can tell which ports are free inside the namespace. {@code infra}:
   * the addresses {@link LocalInfrastructure#ensureUp} returned.
   */
  public static ServiceProcess onHost(
      Map<String, String> infra,
      int host,
      int port,
      String name,
      Path jar,
      String database,
      Map<String, String> env) {
    Map<String, String> hostEnv = new HashMap<>(env);
    hostEnv.put("KAFKA_BOOTSTRAP_SERVERS", infra.get("KAFKA_HOSTS_BOOTSTRAP"));
    hostEnv.put("SHIPSHAPE_DB_HOST", infra.get("CONTROL_ADDRESS"));
    String address = infra.get("HOST_ADDRESS_" + host);
    hostEnv.put("QUARKUS_HTTP_HOST", address);
    return new ServiceProcess(
        name,
        jar,
        database,
        hostEnv,
        infra,
        "/run/netns/" + infra.get("HOST_NAMESPACE_" + host),
        address,
        port);
  }

  private ServiceProcess(
      String name,
      Path jar,
      String database,
      Map<String, String> env,
      Map<String, String> infra,
      String namespace,
      String address,
      int port) {
    LocalInfrastructure.freshDatabase(infra, database);
    this.name = name;
    this.jar = jar;
    this.namespace = namespace;
    this.address = address;
    this.port = port;
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
    return "http://" + address + ":" + port;
  }

  /** Starts the service and waits, with a bound, until it says it is ready. */
  public ServiceProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    if (namespace != null) {
      // nsenter, not `ip netns exec`, which remounts /sys (see MACHINE.md).
      command.addAll(List.of("nsenter", "--net=" + namespace));
    }
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
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
                throw new IllegalStateException(
                    name + " exited; see " + log.toAbsolutePath() + " (jar " + jar + ")");
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
