package dev.shipshape.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/**
 * How the monitor watches: window length and check interval (a service may override both with the
 * container labels {@code dev.shipshape.window} and {@code dev.shipshape.interval}), the criteria
 * thresholds, the webhooks to notify, and the engine and the agent of each host.
 */
@ConfigMapping(prefix = "shipshape.monitor")
public interface MonitorSettings {
  @WithDefault("15m")
  Duration window();

  @WithDefault("5s")
  Duration interval();

  /** How often due windows are looked for. */
  @WithDefault("500ms")
  Duration tick();

  /**
   * Events older than this are not watched, decided before the engine is asked for the service's
   * window; unset, an event is stale only once it is older than its own window.
   */
  java.util.Optional<Duration> staleAfter();

  /** How many checks run at once (each waits mostly on an engine or a probe). */
  @WithDefault("16")
  int parallelChecks();

  /** Unhealthy on more than this many consecutive checks is a breach. */
  @WithDefault("2")
  int unhealthyChecks();

  /** Log lines per minute matching the error patterns above which the window breaches. */
  @WithDefault("10")
  double errorLinesPerMinute();

  @WithDefault("(?i)\\b(error|fatal|panic|exception)\\b")
  String errorPattern();

  /**
   * Log lines that are database-connection errors (the default: {@link DatabaseErrorPatterns}); a
   * container's label {@code dev.shipshape.db-errors} replaces it for that service.
   */
  @WithDefault(DatabaseErrorPatterns.DEFAULT)
  String databaseErrorPattern();

  /** Database-connection error lines per minute above which the window breaches. */
  @WithDefault("2")
  double databaseErrorLinesPerMinute();

  /** How many database-connection error lines a window must see before their rate counts. */
  @WithDefault("3")
  int minimumDatabaseErrorLines();

  /**
   * A probe p99 above this is a breach (probes come from the label {@code dev.shipshape.probe}).
   */
  @WithDefault("2s")
  Duration p99Sla();

  @WithDefault("2s")
  Duration probeTimeout();

  /** After a rollback, how long the criterion must hold clean before the rollback is verified. */
  @WithDefault("30s")
  Duration confirmPeriod();

  /** URLs that get a JSON POST on rollback triggered, rollback unresolved and update failed. */
  java.util.Optional<java.util.List<String>> webhooks();

  @WithDefault("5s")
  Duration webhookTimeout();

  /**
   * How often due webhook deliveries are looked for. The scheduler reads the property itself; it is
   * declared here so that an unreadable value stops startup naming the property.
   */
  @WithDefault("1s")
  Duration webhookPoll();

  @WithDefault("8")
  int webhookAttempts();

  @WithDefault("2s")
  Duration webhookFirstBackoff();

  /**
   * The engine API per host id, at the host's address, e.g. {@code
   * shipshape.monitor.engines.host-1=tcp://10.77.0.11:2375}.
   */
  Map<String, String> engines();

  /**
   * The agent per host id, which runs the HTTP probes of that host's containers, e.g. {@code
   * shipshape.monitor.agents."host-1"=http://10.77.0.11:8083}.
   */
  Map<String, String> agents();

  /** The bearer token (operator role) the monitor presents to the agents. */
  java.util.Optional<String> agentToken();
}
