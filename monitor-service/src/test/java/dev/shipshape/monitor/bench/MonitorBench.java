package dev.shipshape.monitor.bench;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.HostAgent;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The monitor's benchmark, against the packaged monitor run as its own process: (1) detection
 * latency on the real engine (its probe run by a real agent on the host), from the first failing
 * check to rollback.triggered on Kafka, against its floor of interval × consecutive-check
 * threshold; (2) the monitor's CPU while it watches 500 simulated containers at a 5 s interval.
 * Args: detection rounds, interval seconds, containers.
 */
public final class MonitorBench {
  private static final int THRESHOLD = 2; // unhealthy on more than 2 consecutive checks

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int intervalSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int containers = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    Map<String, String> env = LocalInfrastructure.ensureUp();
    String run = "mon-bench-" + UUID.randomUUID().toString().substring(0, 6);
    String jdbc = LocalInfrastructure.freshDatabase(env, "monitor_bench");
    List<String> out = new ArrayList<>();
    try (SimulatedEngine sim = new SimulatedEngine(run + "-sim", containers);
        KafkaProbe kafka = new KafkaProbe(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        // The real host's probes run on the host, by its agent, as on a fleet.
        ServiceProcess agent = HostAgent.start(env, 1, AGENT_PORT)) {
      Process monitor = startMonitor(env, jdbc, run, sim.dockerHost(), agent.baseUrl());
      try {
        awaitReady(Duration.ofMinutes(3));
        out.add(
            String.format(
                Locale.ROOT,
                "monitor benchmark — %s; packaged monitor-service as its own process; real engine,"
                    + " broker and database",
                Instant.now()));
        detection(out, env, kafka, run, rounds, intervalSeconds);
        cpu(out, kafka, sim, run, containers, monitor.pid());
      } finally {
        monitor.destroy();
        if (!monitor.waitFor(30, TimeUnit.SECONDS)) {
          monitor.destroyForcibly();
        }
      }
    }
    out.forEach(System.out::println);
    System.exit(0); // client libraries may leave non-daemon threads behind
  }

  private static final int PORT = 18094;
  private static final int AGENT_PORT = 18083;

  private static Process startMonitor(
      Map<String, String> env, String jdbc, String run, String simHost, String agent)
      throws Exception {
    Path log = Path.of("target/monitor-bench.log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.datasource.jdbc.url=" + jdbc,
                "-Dquarkus.datasource.username=" + env.get("PG_USER"),
                "-Dquarkus.datasource.password=" + env.get("PG_PASSWORD"),
                "-Dkafka.bootstrap.servers=" + env.get("KAFKA_BOOTSTRAP_SERVERS"),
                // Its own consumer groups, from now on: the bench never replays other runs' events.
                "-Dmp.messaging.connector.smallrye-kafka.group.id=" + run,
                "-Dmp.messaging.incoming.dashboard-feed.group.id=" + run + "-dashboard",
                "-Dmp.messaging.connector.smallrye-kafka.auto.offset.reset=latest",
                "-Dmp.messaging.incoming.dashboard-feed.auto.offset.reset=latest",
                // Only the bench's own hosts are reachable; the demo's hosts are not watched.
                "-Dshipshape.monitor.engines.host-1=unix:///nonexistent/mon-bench.sock",
                "-Dshipshape.monitor.engines.host-2=unix:///nonexistent/mon-bench.sock",
                "-Dshipshape.monitor.engines.host-3=unix:///nonexistent/mon-bench.sock",
                "-Dshipshape.monitor.engines." + run + "-host=" + env.get("DOCKER_HOST_1"),
                "-Dshipshape.monitor.engines." + run + "-sim=" + simHost,
                "-Dshipshape.monitor.agents." + run + "-host=" + agent,
                "-Dshipshape.monitor.agent-token=" + TestTokens.OPERATOR,
                "-Dshipshape.monitor.probe-timeout=2s",
                "-jar",
                "target/quarkus-app/quarkus-run.jar"));
    String recording = System.getenv("MONITOR_BENCH_JFR");
    if (recording != null && !recording.isBlank()) {
      // A flight recording of the monitor (profile settings), to see where a check's CPU goes.
      cmd.add(1, "-XX:StartFlightRecording=settings=profile,filename=" + recording);
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File("."))
        .start();
  }

  private static void awaitReady(Duration bound) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(bound);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + PORT + "/q/health/ready"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          Thread.sleep(3000); // consumers join their groups after readiness
          return;
        }
      } catch (java.io.IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the monitor did not get ready; see target/monitor-bench.log");
  }

  private static void detection(
      List<String> out,
      Map<String, String> env,
      KafkaProbe kafka,
      String run,
      int rounds,
      int intervalSeconds)
      throws Exception {
    String host = run + "-host";
    List<Long> fromFirstFailure = new ArrayList<>();
    List<Long> fromInjection = new ArrayList<>();
    try (DockerClient docker = EngineClients.connect(env.get("DOCKER_HOST_1"))) {
      for (int round = 0; round < rounds; round++) {
        String stack = run + "-" + round;
        String id =
            docker
                .createContainerCmd("localhost/shipshape/httpd:1.0.0")
                .withName(stack + "-agent-1")
                .withLabels(
                    Map.of(
                        Labels.MANAGED, "true",
                        Labels.STACK, stack,
                        Labels.SERVICE, "agent",
                        Labels.WINDOW, "10m",
                        Labels.INTERVAL, intervalSeconds + "s",
                        Labels.PROBE, ":8080/version"))
                .withStopTimeout(5)
                .exec()
                .getId();
        try {
          docker.startContainerCmd(id).exec();
          String updateId = UUID.randomUUID().toString();
          EventEnvelope<DeployDone> done =
              EventEnvelope.of(
                  updateId,
                  stack,
                  host,
                  DeployDone.of(
                      stack,
                      host,
                      "agent",
                      "localhost/shipshape/httpd:0.9.0",
                      "sha256:previous",
                      "localhost/shipshape/httpd:1.0.0",
                      docker.inspectContainerCmd(id).exec().getImageId(),
                      List.of(),
                      Map.of(),
                      null));
          kafka.send(
              done.topic(),
              done.key(),
              EventCodec.toJson(done),
              EventCodec.cloudEventHeaders(done, "/bench"));
          kafka.await(
              Topics.MONITOR_HEALTH,
              r -> r.value().contains(updateId) && r.value().contains("\"HEALTHY\""),
              Duration.ofSeconds(60));
          // The failure: the service stops answering its probe and health path.
          Instant injected = Instant.now();
          String exec =
              docker
                  .execCreateCmd(id)
                  .withAttachStdout(true)
                  .withCmd("rm", "-f", "/www/version")
                  .exec()
                  .getId();
          docker.execStartCmd(exec).start().awaitCompletion(10, TimeUnit.SECONDS);
          ConsumerRecord<String, String> triggered =
              kafka.await(
                  Topics.ROLLBACK_TRIGGERED,
                  r -> r.value().contains(updateId),
                  Duration.ofSeconds(120));
          Instant firstFailing =
              kafka.all(Topics.MONITOR_HEALTH).stream()
                  .filter(r -> r.value().contains(updateId) && !r.value().contains("\"HEALTHY\""))
                  .map(r -> EventCodec.decode(Topics.MONITOR_HEALTH, r.value()).occurredAt())
                  .min(Instant::compareTo)
                  .orElseThrow();
          // From the failing check's decision (its event time) to the rollback reaching Kafka
          // (the record's timestamp); one machine, one clock.
          fromFirstFailure.add(triggered.timestamp() - firstFailing.toEpochMilli());
          fromInjection.add(triggered.timestamp() - injected.toEpochMilli());
        } finally {
          docker.removeContainerCmd(id).withForce(true).exec();
        }
      }
    }
    long floor = intervalSeconds * 1000L * THRESHOLD;
    long median = median(fromFirstFailure);
    out.add(
        String.format(
            Locale.ROOT,
            "detection, %d rounds at %ds interval, unhealthy on more than %d consecutive checks:",
            rounds,
            intervalSeconds,
            THRESHOLD));
    out.add(
        String.format(
            Locale.ROOT,
            "  first failing check -> rollback.triggered on Kafka : median %5d ms  all %s",
            median,
            fromFirstFailure));
    out.add(
        String.format(
            Locale.ROOT,
            "  failure injected    -> rollback.triggered on Kafka : median %5d ms  all %s",
            median(fromInjection),
            fromInjection));
    out.add(
        String.format(
            Locale.ROOT,
            "  floor (interval x threshold)                       :        %5d ms",
            floor));
    out.add(
        "  (the injected-failure figure adds the wait for the next check, up to one interval, and"
            + " the engine's own health-check lag)");
    DETECTION_RATIO = (double) median / floor;
  }

  private static double DETECTION_RATIO;

  private static void cpu(
      List<String> out, KafkaProbe kafka, SimulatedEngine sim, String run, int containers, long pid)
      throws Exception {
    String host = run + "-sim";
    String stack = run + "-sim";
    String updateId = UUID.randomUUID().toString();
    for (int i = 0; i < containers; i++) {
      EventEnvelope<DeployDone> done =
          EventEnvelope.of(
              updateId,
              stack,
              host,
              DeployDone.of(
                  stack,
                  host,
                  SimulatedEngine.service(i),
                  "localhost/shipshape/httpd:0.9.0",
                  "sha256:previous",
                  "localhost/shipshape/httpd:1.0.0",
                  "sha256:" + "5".repeat(64),
                  List.of(),
                  Map.of(),
                  null));
      kafka.send(
          done.topic(),
          done.key(),
          EventCodec.toJson(done),
          EventCodec.cloudEventHeaders(done, "/bench"));
    }
    // Measure only once every window is open (and each checked at least once).
    Instant opening = Instant.now();
    Instant deadline = opening.plus(Duration.ofMinutes(10));
    while (metric("shipshape_monitor_windows_open") < containers) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("not all windows opened; see target/monitor-bench.log");
      }
      Thread.sleep(1000);
    }
    long openedIn = Duration.between(opening, Instant.now()).toSeconds();
    Thread.sleep(10_000);
    double checks0 = checks();
    long ticks0 = cpuTicks(pid);
    long requests0 = sim.requests();
    long t0 = System.nanoTime();
    Thread.sleep(60_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (cpuTicks(pid) - ticks0) / 100.0; // USER_HZ
    double checks = checks() - checks0;
    double requests = sim.requests() - requests0;
    double target = containers / 5.0;
    out.add(
        String.format(
            Locale.ROOT,
            "CPU with %d watched containers (simulated engine + probes) at 5s interval, %.0fs"
                + " measured:",
            containers,
            seconds));
    out.add(
        String.format(
            Locale.ROOT,
            "  checks/s %.1f (target %.1f), engine+probe requests/s %.0f; %d windows opened in %ds",
            checks / seconds,
            target,
            requests / seconds,
            containers,
            openedIn));
    out.add(
        String.format(
            Locale.ROOT,
            "  monitor CPU %.1f%% of one core (%.2f ms CPU per check), of 2 cores on this machine",
            cpuSeconds / seconds * 100,
            checks == 0 ? 0 : cpuSeconds * 1000 / checks));
    out.add(
        String.format(
            Locale.ROOT,
            "detection/floor = %.2fx; 500-container CPU = %.1f%% of one core",
            DETECTION_RATIO,
            cpuSeconds / seconds * 100));
  }

  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
  }

  private static double checks() throws Exception {
    return metric("shipshape_monitor_checks_total");
  }

  /** The sum of a metric's series on the monitor's /q/metrics. */
  private static double metric(String name) throws Exception {
    Pattern series =
        Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double total = 0;
    Matcher m = series.matcher(metrics);
    while (m.find()) {
      total += Double.parseDouble(m.group(2));
    }
    return total;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private MonitorBench() {}
}
