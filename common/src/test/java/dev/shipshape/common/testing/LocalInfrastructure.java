package dev.shipshape.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gives a {@code @QuarkusTest} the real broker, database, S3 server and container engine: runs
 * {@code deploy/local/up} (seconds when everything already runs), reads the addresses it wrote, and
 * hands the service a fresh database of its own. Init args: {@code database}, the database name;
 * {@code host}, {@code podman} for a service's test class on the second engine kind (the host
 * {@code PODMAN_HOST} names), else the first host's Docker Engine.
 */
public class LocalInfrastructure implements QuarkusTestResourceLifecycleManager {
  private String database = "test";
  private String host;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
    host = initArgs.get("host");
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> env = ensureUp();
    String jdbcBase = "jdbc:postgresql://127.0.0.1:" + env.get("PG_PORT") + "/";
    String testDb = database + "_test";
    recreateDatabase(jdbcBase, env.get("PG_USER"), env.get("PG_PASSWORD"), testDb);
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", env.get("KAFKA_BOOTSTRAP_SERVERS"));
    config.put("quarkus.datasource.jdbc.url", jdbcBase + testDb);
    config.put("quarkus.datasource.username", env.get("PG_USER"));
    config.put("quarkus.datasource.password", env.get("PG_PASSWORD"));
    config.put("shipshape.s3.endpoint", env.get("S3_ENDPOINT"));
    config.put("shipshape.s3.access-key", env.get("S3_ACCESS_KEY"));
    config.put("shipshape.s3.secret-key", env.get("S3_SECRET_KEY"));
    config.put("shipshape.s3.bucket", env.get("S3_BUCKET"));
    config.put("shipshape.engine.docker-host", engine(env, host));
    config.put("shipshape.auth.tokens", TestTokens.configuration());
    config.put("shipshape.secrets.key", TestTokens.SECRETS_KEY);
    TestTokens.useAdminByDefault();
    return config;
  }

  /** The engine API of the host a test class asked for. */
  public static String engine(Map<String, String> env, String host) {
    if (!"podman".equals(host)) {
      return env.get("DOCKER_HOST");
    }
    String k = env.getOrDefault("PODMAN_HOST", "");
    String engine = env.get("DOCKER_HOST_" + k);
    if (k.isEmpty() || engine == null) {
      throw new IllegalStateException(
          "no Podman host is up: deploy/local/up starts one unless PODMAN_HOST is empty");
    }
    return engine;
  }

  @Override
  public void stop() {
    // The infrastructure is shared by every test class and the demo; deploy/local/down stops it.
  }

  /** Starts what is not running and returns the addresses {@code up} wrote. */
  public static synchronized Map<String, String> ensureUp() {
    Path root = repositoryRoot();
    Path log = root.resolve("target/infrastructure-up.log");
    try {
      Files.createDirectories(log.getParent());
      Process up =
          new ProcessBuilder("bash", root.resolve("deploy/local/up").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!up.waitFor(20, TimeUnit.MINUTES)) {
        up.destroyForcibly();
        throw new IllegalStateException("deploy/local/up did not finish in 20 minutes; see " + log);
      }
      if (up.exitValue() != 0) {
        throw new IllegalStateException(
            "deploy/local/up failed (exit " + up.exitValue() + "):\n" + Files.readString(log));
      }
      stopDemoServices(root, log);
      return readEnv(home().resolve("run/shipshape.env"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the local infrastructure", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the local infrastructure", e);
    }
  }

  /**
   * Stops one piece of the infrastructure (kafka, postgres, s3proxy, registry) and leaves it
   * stopped, for an outage test; {@link #ensureUp} starts it again.
   */
  public static synchronized void stop(String piece) {
    Path root = repositoryRoot();
    Path log = root.resolve("target/infrastructure-stop.log");
    try {
      Files.createDirectories(log.getParent());
      Process stop =
          new ProcessBuilder(
                  "bash", root.resolve("deploy/local/restart").toString(), piece, "--stop")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!stop.waitFor(2, TimeUnit.MINUTES) || stop.exitValue() != 0) {
        stop.destroyForcibly();
        throw new IllegalStateException("could not stop " + piece + ":\n" + Files.readString(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not stop " + piece, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + piece, e);
    }
  }

  /**
   * The demo's services (deploy/local/services) share the broker with the tests and would take
   * their events: a monitor that is not under test would open windows and trigger rollbacks for the
   * tests' containers. They are stopped first; {@code deploy/local/demo} starts them again.
   */
  private static void stopDemoServices(Path root, Path log)
      throws IOException, InterruptedException {
    boolean running;
    try (var pids = Files.list(home().resolve("run"))) {
      running =
          pids.filter(f -> f.getFileName().toString().matches("service-.*\\.pid"))
              .anyMatch(LocalInfrastructure::alive);
    }
    if (!running) {
      return;
    }
    System.out.println("stopping the demo's services so that they do not take the tests' events");
    Process down =
        new ProcessBuilder("bash", root.resolve("deploy/local/services").toString(), "down")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!down.waitFor(2, TimeUnit.MINUTES) || down.exitValue() != 0) {
      throw new IllegalStateException("deploy/local/services down failed; see " + log);
    }
  }

  private static boolean alive(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  public static Path home() {
    String home = System.getenv("SHIPSHAPE_HOME");
    return Path.of(home == null || home.isBlank() ? "/var/tmp/shipshape" : home);
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("deploy/local/up"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/local/up above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
        continue;
      }
      String key = trimmed.substring(0, trimmed.indexOf('=')).replaceFirst("^export\\s+", "");
      String value = trimmed.substring(trimmed.indexOf('=') + 1).replaceAll("^[\"']|[\"']$", "");
      env.put(key, value);
    }
    return env;
  }

  /** Drops and creates a database for a test; returns its JDBC URL. */
  public static String freshDatabase(Map<String, String> env, String name) {
    String jdbcBase = "jdbc:postgresql://127.0.0.1:" + env.get("PG_PORT") + "/";
    recreateDatabase(jdbcBase, env.get("PG_USER"), env.get("PG_PASSWORD"), name);
    return jdbcBase + name;
  }

  private static void recreateDatabase(String jdbcBase, String user, String password, String name) {
    try (Connection c = DriverManager.getConnection(jdbcBase + "postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
  }
}
