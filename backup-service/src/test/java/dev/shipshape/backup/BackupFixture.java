package dev.shipshape.backup;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Payloads.RestoreRequested;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.TestStacks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Real service containers for backup tests (a Postgres of the locally built image, busybox services
 * with named volumes) on the test hosts' engines, named {@code bk-…} and removed afterwards, and
 * requests sent and outcomes read the way the planner does.
 */
final class BackupFixture implements AutoCloseable {
  static final String HOST_1 = "backup-test-host-1";
  static final String POSTGRES = "localhost/shipshape/postgres:15.0.1";
  static final String HTTPD = "localhost/shipshape/httpd:1.0.0";
  static final Duration BOUND = Duration.ofSeconds(120);
  static final String PASSWORD = "pg-secret-" + UUID.randomUUID();

  final String stack = "bk" + UUID.randomUUID().toString().substring(0, 8);
  final String host;
  final DockerClient docker;
  final KafkaProbe kafka =
      new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  private final List<String> containers = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();

  /** Services on the first test host. */
  BackupFixture() {
    this(HOST_1);
  }

  /** Services on a host of the backup service's test configuration. */
  BackupFixture(String host) {
    this.host = host;
    this.docker = EngineClients.connect(engine(host));
  }

  /** Host K's engine API as the backup service reaches it (its test configuration). */
  static String engine(int k) {
    return engine("backup-test-host-" + k);
  }

  static String engine(String host) {
    return ConfigProvider.getConfig()
        .getValue("shipshape.backup.engines.\"" + host + "\"", String.class);
  }

  /** Asks the backup service to restore a service's backup on this fixture's host. */
  String requestRestore(String service, String backupId) {
    return kafka.command(stack, host, RestoreRequested.of(stack, host, service, backupId, "test"));
  }

  String name(String service) {
    return stack + "-" + service + "-1";
  }

  /** A running Postgres of the local image with database {@code shop}, data in a named volume. */
  String startPostgres(String service) {
    return startPostgres(service, POSTGRES);
  }

  /** The same, from another reference to the image (a new release of the service). */
  String startPostgres(String service, String image) {
    String volume = stack + "-" + service + "-data";
    if (!volumes.contains(volume)) {
      volumes.add(volume);
    }
    String name = name(service);
    String id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withEnv("POSTGRES_PASSWORD=" + PASSWORD, "POSTGRES_DB=shop")
            .withCmd("-c", "fsync=off", "-c", "synchronous_commit=off")
            .withLabels(Map.of(Labels.STACK, stack))
            .withStopTimeout(10)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(new Bind(volume, new Volume("/var/lib/postgresql/data"))))
            .exec()
            .getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    await()
        .atMost(BOUND)
        .until(() -> exec(name, "pg_isready", "-q", "-h", "127.0.0.1").result().exitCode() == 0);
    return name;
  }

  /** Removes a service's container; its volumes stay, for the next release to use. */
  void retire(String container) {
    docker.removeContainerCmd(container).withForce(true).exec();
  }

  /** A running busybox service with a named volume at /data. */
  String startWithVolume(String service, String volume) {
    volumes.add(volume);
    String name = name(service);
    String id =
        docker
            .createContainerCmd(HTTPD)
            .withName(name)
            .withLabels(Map.of(Labels.STACK, stack))
            .withStopTimeout(5)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withInit(true)
                    .withBinds(new Bind(volume, new Volume("/data"))))
            .exec()
            .getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    return name;
  }

  static final String VECTORS = "localhost/shipshape/vectors:1.0.0";

  /** A running vector store with its data in a named volume; returns its name. */
  String startVectors(String service) {
    String volume = stack + "-" + service + "-storage";
    volumes.add(volume);
    String name = name(service);
    String id =
        docker
            .createContainerCmd(VECTORS)
            .withName(name)
            .withLabels(Map.of(Labels.STACK, stack))
            .withStopTimeout(5)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withBinds(new Bind(volume, new Volume("/qdrant/storage"))))
            .exec()
            .getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    await()
        .atMost(BOUND)
        .until(
            () ->
                exec(name, "wget", "-q", "-O", "-", "http://127.0.0.1:6333/healthz")
                        .result()
                        .exitCode()
                    == 0);
    return name;
  }

  /**
   * Calls the vector store's API inside its container (a host's container network is not reachable
   * from this machine, as on a real fleet): a raw HTTP/1.0 request through busybox nc.
   */
  String vectors(String container, String method, String path, String body) {
    String payload = body == null ? "" : body;
    Exec.Captured out =
        exec(
            container,
            "sh",
            "-c",
            "printf '%s %s HTTP/1.0\\r\\nContent-Type: application/json\\r\\n"
                + "Content-Length: %s\\r\\n\\r\\n%s' \"$0\" \"$1\" \"${#2}\" \"$2\""
                + " | nc 127.0.0.1 6333",
            method,
            path,
            payload);
    String response = out.stdout();
    String status = response.lines().findFirst().orElse("");
    if (out.result().exitCode() != 0 || !status.matches("HTTP/\\S+ 200\\b.*")) {
      throw new AssertionError(
          method + " " + path + " answered '" + status + "': " + response + out.result());
    }
    int blank = response.indexOf("\r\n\r\n");
    return blank < 0 ? "" : response.substring(blank + 4);
  }

  /** A running busybox service without any volume. */
  String startWithoutVolume(String service) {
    String name = name(service);
    String id =
        docker
            .createContainerCmd(HTTPD)
            .withName(name)
            .withLabels(Map.of(Labels.STACK, stack))
            .withStopTimeout(5)
            .withHostConfig(HostConfig.newHostConfig().withInit(true))
            .exec()
            .getId();
    containers.add(id);
    docker.startContainerCmd(id).exec();
    return name;
  }

  Exec.Captured exec(String container, String... command) {
    return Exec.capture(docker, container, List.of(command), Map.of(), Duration.ofSeconds(60));
  }

  /** Runs SQL in the container's database; fails the test when psql does. */
  String sql(String container, String sql) {
    Exec.Captured out =
        exec(
            container,
            "psql",
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-U",
            "postgres",
            "-d",
            "shop",
            "-c",
            sql);
    if (out.result().exitCode() != 0) {
      throw new AssertionError("psql failed: " + out.result().stderrTail());
    }
    return out.stdout().strip();
  }

  /** Exact row counts of the user tables, as the backup names them. */
  Map<String, Long> counts(String container) {
    Map<String, Long> counts = new TreeMap<>();
    String rows =
        sql(container, "SELECT schemaname || '.' || relname FROM pg_stat_user_tables ORDER BY 1");
    for (String table : rows.lines().filter(l -> !l.isBlank()).toList()) {
      counts.put(table, Long.parseLong(sql(container, "SELECT count(*) FROM " + table)));
    }
    return counts;
  }

  String requestBackup(String service, String kind, String container, String mode) {
    return kafka.command(
        stack, host, BackupRequested.of(stack, host, service, kind, container, POSTGRES, mode));
  }

  void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  /** The event on {@code topic} that answers the update. */
  <P extends Payload> P outcome(String topic, String updateId) {
    return kafka.awaitPayload(topic, updateId, BOUND);
  }

  /** Scratch containers of the backup still present on the engine. */
  List<String> scratchContainers(String backupId) {
    String prefix = "/shipshape-scratch-" + backupId.substring(0, 8);
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.SCRATCH, "true"))
        .exec()
        .stream()
        .map(c -> c.getNames()[0])
        .filter(n -> n.startsWith(prefix))
        .toList();
  }

  @Override
  public void close() throws IOException {
    kafka.close();
    TestStacks.removeContainers(docker, stack, true);
    for (String v : volumes) {
      try {
        docker.removeVolumeCmd(v).exec();
      } catch (NotFoundException e) {
        // never created
      }
    }
    docker.close();
  }
}
