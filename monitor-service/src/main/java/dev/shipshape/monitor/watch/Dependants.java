package dev.shipshape.monitor.watch;

import dev.shipshape.monitor.persistence.WatchWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks, with each check of a window, the services that depend on the watched one (its label
 * {@code dev.shipshape.dependants}) on the same host: an updated database that breaks the agent is
 * caught on the agent. Their logs are read from the window's opening each time, so what they count
 * needs no state of its own.
 */
@ApplicationScoped
public class Dependants {
  private final ServiceChecker checker;

  public Dependants(ServiceChecker checker) {
    this.checker = checker;
  }

  /** The first breach on a dependant, if any. */
  public Optional<Criteria.Breach> breach(
      WatchWindow w, Instant sampledAt, Criteria.Thresholds thresholds) {
    Duration elapsed = Duration.between(w.openedAt, sampledAt);
    for (String d : checker.dependants(w.host, w.stack, w.service)) {
      Optional<Criteria.Breach> breach =
          Criteria.dependant(
              w.service,
              d,
              checker.check(w.host, w.stack, d, w.openedAt.minusSeconds(1)),
              elapsed,
              thresholds);
      if (breach.isPresent()) {
        return breach;
      }
    }
    return Optional.empty();
  }
}
