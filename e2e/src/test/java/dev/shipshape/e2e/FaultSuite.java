package dev.shipshape.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The fault suite: real updates of small stateful stacks on two hosts of the local fleet while
 * services are killed (SIGKILL) at random points, the broker and the database restart, storage goes
 * away during a backup, and a stored backup reads back with a flipped byte. After each phase a
 * {@link FaultAudit} checks, from outside, that every update ended once, nothing was lost or
 * applied twice, the engines run what the deployment log says, and nothing stateful was deployed
 * without a verified backup. {@code FaultIT} runs it small in CI; {@code deploy/local/faults} runs
 * it at full size.
 */
final class FaultSuite implements AutoCloseable {
  static final List<String> HOSTS = List.of("host-1", "host-2");
  static final List<String> SERVICES = List.of("store", "app");
  static final List<String> VICTIMS =
      List.of("planner", "backup", "monitor", "deployer-1", "deployer-2");

  /** How big a run is: stacks updated at once, kill rounds (each kills every service once). */
  record Size(int stacks, int killRounds, long seed) {}

  /** One phase's outcome: its audit and what was done to the fleet meanwhile. */
  record Phase(
      String name,
      FaultAudit audit,
      Map<String, Integer> faults,
      Duration took,
      List<String> updates) {}

  private final Fleet fleet;
  private final Size size;
  private final Random random;
  private final TcpProxy storage;
  private final Map<String, String> servicesEnv;
  private final KafkaProbe kafka;
  private final String registry;
  final List<String> stacks = new ArrayList<>();
  final List<Phase> phases = new ArrayList<>();
  private int round;
  private int lastProgress;

  FaultSuite(Size size) throws IOException, InterruptedException {
    this.fleet = new Fleet(LocalInfrastructure.ensureUp());
    this.size = size;
    this.random = new Random(size.seed());
    URI s3 = URI.create(fleet.infra.get("S3_ENDPOINT"));
    // Every S3 call of the backup service goes through this proxy, so storage can be cut or made
    // to read back wrong without touching the S3 server that the rest of the machine uses.
    this.storage = new TcpProxy(s3.getHost(), s3.getPort());
    this.servicesEnv = Map.of("SHIPSHAPE_S3_ENDPOINT", "http://127.0.0.1:" + storage.port());
    this.kafka = new KafkaProbe(fleet.infra.get("KAFKA_BOOTSTRAP_SERVERS"));
    this.registry = fleet.infra.get("REGISTRY") + "/shipshape";
    fleet.script(Map.of(), "services", "down");
    fleet.script(servicesEnv, "services", "up");
  }

  /** Registers the stacks and deploys them for the first time, with data in each store. */
  void deployStacks() throws Exception {
    String run = "faults-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    String compose =
        """
        services:
          store:
            image: %1$s/httpd:1.0.0
            volumes: [data:/data]
            x-shipshape: {tier: database}
          app:
            image: %1$s/httpd:1.0.0
            depends_on: [store]
        volumes:
          data:
        """
            .formatted(registry);
    for (int i = 0; i < size.stacks(); i++) {
      String stack = run + "-" + i;
      Map<String, Object> registration = new LinkedHashMap<>();
      registration.put("compose", compose);
      registration.put("environment", "production");
      registration.put("hosts", HOSTS);
      registration.put("firstDeploy", true);
      HttpResponse<String> r =
          fleet.call("PUT", Fleet.PLANNER + "/api/stacks/" + stack, "ADMIN", registration);
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("stack " + stack + " refused: " + r.body());
      }
      stacks.add(stack);
    }
    List<String> ids = requestUpdates("first deploy");
    Map<String, JsonNode> views = awaitEnd(ids, Duration.ofMinutes(10));
    for (var v : views.entrySet()) {
      if (!"SUCCEEDED".equals(v.getValue().path("status").asText())) {
        throw new IllegalStateException(
            "first deploy " + v.getKey() + " did not succeed: " + v.getValue());
      }
    }
    for (String stack : stacks) {
      for (int k = 1; k <= HOSTS.size(); k++) {
        String store = container(k, stack, "store");
        fleet.docker(
            k,
            "exec",
            store,
            "sh",
            "-c",
            "seq 1 5000 > /data/rows && echo " + stack + " > /data/owner");
      }
    }
  }

  /**
   * Every service killed at a random point while all stacks update at once; a killed service is
   * started again (deploy/local/services up) before the next kill. When the updates end before
   * every kill was made, the next round of updates starts, so that every kill lands mid-update.
   */
  Phase killServicesDuringUpdates() throws Exception {
    Map<TopicPartition, Long> marks = marks();
    long t0 = System.nanoTime();
    String reason = "faults: kill -9 during updates";
    List<String> current = requestUpdates(reason);
    List<String> ids = new ArrayList<>(current);
    List<String> victims = new ArrayList<>();
    for (int r = 0; r < size.killRounds(); r++) {
      List<String> roundVictims = new ArrayList<>(VICTIMS);
      Collections.shuffle(roundVictims, random);
      victims.addAll(roundVictims);
    }
    Map<String, Integer> faults = new TreeMap<>();
    faults.put("update rounds", 1);
    for (String victim : victims) {
      // The point: a random number (1 to 4) of further timeline entries across the updates.
      awaitProgress(current, progress(current) + 1 + random.nextInt(4));
      if (allEnded(current)) {
        current = requestUpdates(reason);
        ids.addAll(current);
        faults.merge("update rounds", 1, Integer::sum);
        awaitProgress(current, 1 + random.nextInt(4));
      }
      fleet.kill(victim);
      faults.merge("kill -9 " + victim, 1, Integer::sum);
      fleet.script(servicesEnv, "services", "up");
    }
    return finish(
        "kill -9 of every service during " + stacks.size() + " concurrent updates",
        ids,
        marks,
        faults,
        t0);
  }

  /** The broker, then the database, restarted while all stacks update at once. */
  Phase restartBrokerAndDatabaseDuringUpdates() throws Exception {
    Map<TopicPartition, Long> marks = marks();
    long t0 = System.nanoTime();
    List<String> ids = requestUpdates("faults: broker and database restart");
    Map<String, Integer> faults = new TreeMap<>();
    int[] points = {ids.size() * 2, ids.size() * 5};
    String[] pieces = {"kafka", "postgres"};
    for (int i = 0; i < pieces.length; i++) {
      awaitProgress(ids, points[i]);
      if (allEnded(ids)) {
        faults.merge("restarts skipped: the updates had ended", 1, Integer::sum);
        break;
      }
      fleet.script(Map.of(), "restart", pieces[i]);
      faults.merge("restart " + pieces[i], 1, Integer::sum);
    }
    return finish(
        "broker and database restarted during " + ids.size() + " concurrent updates",
        ids,
        marks,
        faults,
        t0);
  }

  /**
   * Storage cut off in the middle of the first backup's upload (its first part on the wire): the
   * update fails before any deploy.
   */
  Phase storageUnreachableDuringBackup() throws Exception {
    Map<TopicPartition, Long> marks = marks();
    long t0 = System.nanoTime();
    String stack = stacks.get(0);
    storage.cutOnRequestTo("PUT /" + fleet.infra.get("S3_BUCKET") + "/" + stack + "/");
    List<String> ids;
    try {
      ids = requestUpdates(List.of(stack), "faults: storage unreachable");
      awaitEnd(ids, Duration.ofMinutes(5));
    } finally {
      storage.mode(TcpProxy.Mode.FORWARD);
    }
    return finish("S3 cut off during a backup's upload", ids, marks, Map.of("S3 cut", 1), t0);
  }

  /** The stored backup reads back with one byte flipped: caught, and nothing is deployed. */
  Phase flippedByteInStoredBackup() throws Exception {
    Map<TopicPartition, Long> marks = marks();
    long t0 = System.nanoTime();
    String stack = stacks.get(stacks.size() - 1);
    storage.corruptNextResponseTo("GET /" + fleet.infra.get("S3_BUCKET") + "/" + stack + "/");
    List<String> ids = requestUpdates(List.of(stack), "faults: flipped byte");
    awaitEnd(ids, Duration.ofMinutes(5));
    return finish(
        "a byte flipped in a stored backup",
        ids,
        marks,
        Map.of("bytes flipped", storage.corruptedResponses()),
        t0);
  }

  /** The events of these updates on a topic since the marks. */
  List<FaultAudit.Event> events(String topic, Map<TopicPartition, Long> marks, List<String> ids)
      throws IOException {
    return FaultAudit.events(Map.of(topic, kafka.since(topic, marks)), new HashSet<>(ids));
  }

  JsonNode view(String updateId) throws IOException, InterruptedException {
    return fleet.planner("/api/updates/" + updateId);
  }

  /** A readable table of every phase run so far. */
  String report() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "fault suite: %d stacks (store + app) on %s, %d kill rounds, seed %d%n",
            size.stacks(), String.join(", ", HOSTS), size.killRounds(), size.seed()));
    int violations = 0;
    for (Phase p : phases) {
      FaultAudit a = p.audit();
      out.append(String.format("%n== %s (%d s)%n", p.name(), p.took().toSeconds()));
      out.append("  faults:     ").append(p.faults()).append('\n');
      out.append("  outcomes:   ").append(a.outcomes).append('\n');
      out.append(
          String.format(
              "  events:     %d read back (%d redelivered, deduplicated by the consumers); %d deploys, %d backups verified%n",
              a.events, a.redelivered, a.deploys, a.backupsVerified));
      out.append(
          String.format(
              "  containers: %d host/service pairs checked against the deployment log%n",
              a.containersChecked));
      out.append("  violations: ")
          .append(a.violations.isEmpty() ? "none" : a.violations)
          .append('\n');
      violations += a.violations.size();
    }
    out.append(String.format("%nphases %d, violations %d%n", phases.size(), violations));
    return out.toString();
  }

  private Phase finish(
      String name,
      List<String> ids,
      Map<TopicPartition, Long> marks,
      Map<String, Integer> faults,
      long t0)
      throws Exception {
    Map<String, JsonNode> views = awaitEnd(ids, Duration.ofMinutes(15));
    Map<String, List<ConsumerRecord<String, String>>> records = new LinkedHashMap<>();
    for (String topic : FaultAudit.TOPICS) {
      records.put(topic, kafka.since(topic, marks));
    }
    FaultAudit audit = new FaultAudit();
    audit.checkEvents(FaultAudit.events(records, new HashSet<>(ids)), views);
    audit.checkContainers(fleet, stacks, HOSTS, SERVICES);
    Phase phase = new Phase(name, audit, faults, Duration.ofNanos(System.nanoTime() - t0), ids);
    phases.add(phase);
    return phase;
  }

  /** Where every topic the audit reads ends now (one map: partitions are named by topic). */
  private Map<TopicPartition, Long> marks() {
    Map<TopicPartition, Long> marks = new LinkedHashMap<>();
    for (String topic : FaultAudit.TOPICS) {
      marks.putAll(kafka.ends(topic));
    }
    return marks;
  }

  private List<String> requestUpdates(String reason) throws IOException, InterruptedException {
    return requestUpdates(stacks, reason);
  }

  /** One update per stack: both services to the next version, with a config change. */
  private List<String> requestUpdates(List<String> targets, String reason)
      throws IOException, InterruptedException {
    String version = "1." + (round % 3) + ".0";
    String env = String.valueOf(round++);
    List<String> ids = new ArrayList<>();
    for (String stack : targets) {
      Map<String, Object> services = new LinkedHashMap<>();
      for (String s : SERVICES) {
        services.put(
            s, Map.of("image", registry + "/httpd:" + version, "env", Map.of("FAULT_ROUND", env)));
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("requestId", stack + "-" + env);
      body.put("stack", stack);
      body.put("services", services);
      body.put(
          "rollout",
          Map.of(
              "canaryHosts",
              List.of(HOSTS.get(0)),
              "maxParallel",
              1,
              "failureThreshold",
              0,
              "monitorWindow",
              "PT5S"));
      body.put("requestedBy", "fault-suite");
      body.put("reason", reason);
      HttpResponse<String> r = fleet.call("POST", Fleet.PLANNER + "/api/updates", "OPERATOR", body);
      if (r.statusCode() != 202) {
        throw new IllegalStateException("update of " + stack + " refused: " + r.body());
      }
      ids.add(Fleet.JSON.readTree(r.body()).path("updateId").asText());
    }
    return ids;
  }

  /** Waits, with a bound, until every update has ended; the planner may be down meanwhile. */
  private Map<String, JsonNode> awaitEnd(List<String> ids, Duration bound) {
    await().atMost(bound).pollInterval(Duration.ofSeconds(1)).until(() -> allEnded(ids));
    Map<String, JsonNode> views = new LinkedHashMap<>();
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (String id : ids) {
                views.put(id, view(id));
              }
            });
    return views;
  }

  /** Waits, with a bound, until the updates have got this far or have all ended. */
  private void awaitProgress(List<String> ids, int point) {
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> progress(ids) >= point || allEnded(ids));
  }

  private boolean allEnded(List<String> ids) {
    try {
      for (String id : ids) {
        JsonNode completed = view(id).path("completedAt");
        if (completed.isNull() || completed.isMissingNode()) {
          return false;
        }
      }
      return true;
    } catch (IOException | InterruptedException | AssertionError down) {
      return false; // the planner (or its database) is down right now
    }
  }

  /** Timeline entries across the updates: how far they have got (the last known while down). */
  private int progress(List<String> ids) {
    try {
      int n = 0;
      for (String id : ids) {
        n += view(id).path("timeline").size();
      }
      lastProgress = n;
    } catch (IOException | InterruptedException | AssertionError down) {
      // keep the last count
    }
    return lastProgress;
  }

  private String container(int engine, String stack, String service)
      throws IOException, InterruptedException {
    return fleet.containers(engine, stack).stream()
        .filter(c -> service.equals(c.path("Labels").path(Labels.SERVICE).asText()))
        .filter(c -> "running".equals(c.path("State").asText()))
        .map(c -> c.path("Id").asText())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no running " + service + " of " + stack + " on engine " + engine));
  }

  /**
   * Stops the services this suite started (its storage proxy goes with it) and removes its stacks.
   */
  @Override
  public void close() throws Exception {
    try {
      fleet.script(Map.of(), "services", "down");
      for (String stack : stacks) {
        for (int k = 1; k <= HOSTS.size(); k++) {
          fleet.removeStack(k, stack);
        }
      }
    } finally {
      kafka.close();
      storage.close();
    }
  }

  /** Full size from deploy/local/faults: {@code STACKS KILL_ROUNDS SEED}. */
  public static void main(String[] args) throws Exception {
    Size size =
        new Size(
            args.length > 0 ? Integer.parseInt(args[0]) : 6,
            args.length > 1 ? Integer.parseInt(args[1]) : 3,
            args.length > 2 ? Long.parseLong(args[2]) : System.currentTimeMillis());
    int violations = 0;
    try (FaultSuite suite = new FaultSuite(size)) {
      suite.deployStacks();
      suite.killServicesDuringUpdates();
      suite.restartBrokerAndDatabaseDuringUpdates();
      suite.storageUnreachableDuringBackup();
      suite.flippedByteInStoredBackup();
      System.out.print(suite.report());
      for (Phase p : suite.phases) {
        violations += p.audit().violations.size();
      }
    }
    System.exit(violations == 0 ? 0 : 1);
  }
}
