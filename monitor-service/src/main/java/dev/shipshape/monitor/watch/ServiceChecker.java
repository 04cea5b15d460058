package dev.shipshape.monitor.watch;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.common.engine.ContainerLogs;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.engine.LiveContainers;
import dev.shipshape.common.probe.GoldenAnswer;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.probe.HttpProbe;
import dev.shipshape.common.probe.ProbeResult;
import dev.shipshape.monitor.agent.HostAgents;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.engine.ContainerStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * Runs one check of a service on its host: the container's state and restarts, its health (the
 * engine's status, or the image's health command run through the engine when it runs none), an HTTP
 * probe with latency when the service declares one (by the host's agent), its golden requests (by
 * the agent too), CPU and memory, and the error and database-connection error lines it logged since
 * the last check — all through the host's engine API and its agent, the only ways into a host.
 */
@ApplicationScoped
public class ServiceChecker {
  private final HostEngines engines;
  private final ContainerStats stats;
  private final MonitorSettings settings;
  private final Pattern errors;
  private final Pattern databaseErrors;
  private final HostAgents agents;
  private final HttpProbe http;
  private static final Logger LOG = Logger.getLogger(ServiceChecker.class);

  /** {@code scheme://user:password@}: the password of a connection URL in a log line. */
  private static final Pattern CREDENTIALS = Pattern.compile("(://[^:/@\\s]*:)[^@\\s]+@");

  private final Map<String, String> containerIds = new ConcurrentHashMap<>();
  private final Map<String, Pattern> ownPatterns = new ConcurrentHashMap<>();

  public ServiceChecker(
      HostEngines engines, HostAgents agents, ContainerStats stats, MonitorSettings settings) {
    this.engines = engines;
    this.agents = agents;
    this.stats = stats;
    this.settings = settings;
    this.errors = Pattern.compile(settings.errorPattern());
    this.databaseErrors = Pattern.compile(settings.databaseErrorPattern());
    this.http = new HttpProbe(settings.probeTimeout());
  }

  /** The service's live container on the host: labelled for it, not a temporary swap copy. */
  public Optional<InspectContainerResponse> container(String host, String stack, String service) {
    DockerClient docker =
        engines
            .of(host)
            .orElseThrow(
                () -> new IllegalArgumentException("no engine configured for host " + host));
    String key = host + "/" + stack + "/" + service;
    String known = containerIds.get(key);
    if (known != null) {
      // One inspect instead of a list and an inspect, while the container stays the same one.
      try {
        InspectContainerResponse c = docker.inspectContainerCmd(known).exec();
        if (LiveContainers.isLive(c.getName())) {
          return Optional.of(c);
        }
      } catch (NotFoundException e) {
        // replaced (a swap or a rollback): look it up again
      }
      containerIds.remove(key);
    }
    Optional<InspectContainerResponse> found = LiveContainers.find(docker, stack, service);
    found.ifPresent(c -> containerIds.put(key, c.getId()));
    return found;
  }

  /** The services that depend on this one, from its container's label; empty without one. */
  public List<String> dependants(String host, String stack, String service) {
    return container(host, stack, service)
        .map(c -> c.getConfig().getLabels())
        .map(l -> l.get(Labels.DEPENDANTS))
        .filter(v -> !v.isBlank())
        .map(v -> List.of(v.split(",")))
        .orElse(List.of());
  }

  public Sample check(String host, String stack, String service, Instant logsSince) {
    Optional<InspectContainerResponse> found = container(host, stack, service);
    if (found.isEmpty()) {
      return Sample.missing();
    }
    DockerClient docker = engines.of(host).orElseThrow();
    InspectContainerResponse c = found.get();
    Map<String, String> labels =
        c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
    LogScan logs = scanLogs(docker, c.getId(), logsSince, databaseErrors(labels));
    boolean running = Boolean.TRUE.equals(c.getState().getRunning());
    String health = "none";
    String healthOutput = "";
    Double probeMillis = null;
    String probeProblem = null;
    ContainerStats.Usage usage = new ContainerStats.Usage(null, null, null);
    GoldenOutcome golden = new GoldenOutcome(null, null);
    if (running) {
      usage = stats.read(docker, c.getId(), settings.probeTimeout());
      HealthResult h = health(docker, c);
      health = h.status();
      healthOutput = h.output();
      String probe = labels.get(Labels.PROBE);
      if (probe != null) {
        ProbeOutcome p = probe(host, stack, service, probe);
        probeMillis = p.millis();
        probeProblem = p.problem();
      }
      golden = golden(host, stack, service, labels.get(Labels.GOLDEN));
    }
    return new Sample(
        true,
        running,
        c.getState().getExitCodeLong() == null ? 0 : c.getState().getExitCodeLong(),
        Boolean.TRUE.equals(c.getState().getOOMKilled()),
        c.getRestartCount() == null ? 0 : c.getRestartCount(),
        c.getImageId(),
        health,
        healthOutput,
        probeMillis,
        probeProblem,
        logs.errors,
        logs.databaseErrors,
        logs.lastError,
        logs.lastAt,
        usage.cpuPercent(),
        usage.memoryBytes(),
        usage.memoryLimitBytes(),
        restarting(c, running),
        logs.lastDatabaseError,
        golden.failure(),
        golden.unanswered());
  }

  /**
   * Sends the service's golden requests through its host's agent and judges the answers: the first
   * wrong answer is the evidence of a failure; a request with no answer makes the check unhealthy.
   */
  private GoldenOutcome golden(String host, String stack, String service, String label) {
    List<GoldenRequest> requests;
    try {
      requests = GoldenCheck.fromLabel(label);
    } catch (IllegalArgumentException e) {
      // The planner checked them; a label that cannot be read is a mistake to see, not a breach.
      LOG.warnf("%s/%s on %s: %s", stack, service, host, e.getMessage());
      return new GoldenOutcome(null, null);
    }
    for (GoldenRequest request : requests) {
      GoldenAnswer answer = agents.golden(host, stack, service, request);
      Optional<String> mismatch = GoldenCheck.mismatch(request, answer);
      if (mismatch.isPresent()) {
        return answer.hasAnswer()
            ? new GoldenOutcome(mismatch.get(), null)
            : new GoldenOutcome(null, mismatch.get());
      }
    }
    return new GoldenOutcome(null, null);
  }

  /** The service's own database-error patterns (its label), else the monitor's. */
  private Pattern databaseErrors(Map<String, String> labels) {
    String own = labels.get(Labels.DB_ERRORS);
    if (own == null || own.isBlank()) {
      return databaseErrors;
    }
    return ownPatterns.computeIfAbsent(
        own,
        p -> {
          try {
            return Pattern.compile(p);
          } catch (PatternSyntaxException e) {
            LOG.warnf("label %s is not a regex (%s); the default applies", Labels.DB_ERRORS, p);
            return databaseErrors;
          }
        });
  }

  /** Stopped but about to be started again by the engine's restart policy. */
  private static boolean restarting(InspectContainerResponse c, boolean running) {
    if (Boolean.TRUE.equals(c.getState().getRestarting())) {
      return true;
    }
    var policy = c.getHostConfig() == null ? null : c.getHostConfig().getRestartPolicy();
    if (running || policy == null || policy.getName() == null) {
      return false;
    }
    Long code = c.getState().getExitCodeLong();
    int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
    Integer max = policy.getMaximumRetryCount();
    return switch (policy.getName()) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> code != null && code != 0 && (max == null || max == 0 || restarts < max);
      default -> false;
    };
  }

  /** The engine's verdict; where it has none yet, the image's own health command run by us. */
  private HealthResult health(DockerClient docker, InspectContainerResponse c) {
    var check = c.getConfig().getHealthcheck();
    if (!HealthCommands.declared(check)) {
      return new HealthResult("none", "");
    }
    var state = c.getState().getHealth();
    String status = state == null ? null : state.getStatus();
    if ("healthy".equals(status) || "unhealthy".equals(status)) {
      String output =
          state.getLog() == null || state.getLog().isEmpty()
              ? ""
              : String.valueOf(state.getLog().get(state.getLog().size() - 1).getOutput()).strip();
      return new HealthResult(status, output);
    }
    Exec.Outcome run =
        Exec.check(docker, c.getId(), HealthCommands.command(check), settings.probeTimeout());
    return new HealthResult(run.ok() ? "healthy" : "unhealthy", run.output().strip());
  }

  /**
   * Probes {@code :PORT/PATH} through the agent of the container's host (its address is reachable
   * only there), or a full URL from here; returns ms, or -1 with the reason.
   */
  private ProbeOutcome probe(String host, String stack, String service, String probe) {
    boolean onHost = probe.startsWith(":");
    ProbeResult result =
        onHost
            ? agents.probe(host, stack, service, probe)
            : http.get(probe, settings.probeTimeout());
    if (!result.hasAnswer()) {
      return new ProbeOutcome(-1.0, result.problem());
    }
    if (result.status() >= 400) {
      return new ProbeOutcome(
          -1.0, "probe " + probe + (onHost ? " on " + host : "") + " answered " + result.status());
    }
    return new ProbeOutcome(result.millis(), null);
  }

  private record HealthResult(String status, String output) {}

  private record ProbeOutcome(Double millis, String problem) {}

  private record GoldenOutcome(String failure, String unanswered) {}

  private record LogScan(
      int errors, int databaseErrors, String lastError, String lastDatabaseError, Instant lastAt) {}

  /**
   * Counts error lines and database-connection error lines logged after {@code since} (engine
   * timestamps, so no line counts twice).
   */
  private LogScan scanLogs(DockerClient docker, String id, Instant since, Pattern databaseErrors) {
    int count = 0;
    int db = 0;
    String last = null;
    String lastDb = null;
    Instant lastAt = since;
    for (ContainerLogs.Line line : ContainerLogs.since(docker, id, since)) {
      lastAt = line.at().isAfter(lastAt) ? line.at() : lastAt;
      String text = line.text();
      if (errors.matcher(text).find()) {
        count++;
        last = text.strip();
      }
      if (databaseErrors.matcher(text).find()) {
        db++;
        lastDb = shown(text);
        last = lastDb;
      }
    }
    return new LogScan(count, db, last == null ? null : shown(last), lastDb, lastAt);
  }

  /** A log line as evidence: credentials in a URL hidden, at most 300 characters. */
  static String shown(String line) {
    String text = CREDENTIALS.matcher(line.strip()).replaceAll("$1***@");
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
