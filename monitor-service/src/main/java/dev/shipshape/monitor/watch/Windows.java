package dev.shipshape.monitor.watch;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.time.Durations;
import dev.shipshape.common.time.InvalidDurationException;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Opens watch windows; a new window for a service supersedes any still open for it. */
@ApplicationScoped
public class Windows {
  private static final Logger LOG = Logger.getLogger(Windows.class);

  private final WatchWindowRepository windows;
  private final ServiceChecker checker;
  private final MonitorSettings settings;

  public Windows(WatchWindowRepository windows, ServiceChecker checker, MonitorSettings settings) {
    this.windows = windows;
    this.checker = checker;
    this.settings = settings;
  }

  @Transactional(TxType.MANDATORY)
  public WatchWindow open(
      EventEnvelope<?> event,
      WatchWindow.Kind kind,
      String stack,
      String host,
      String service,
      String image,
      String digest,
      String previousImage,
      String previousDigest,
      Duration fixedLength) {
    for (WatchWindow superseded : windows.open(stack, host, service)) {
      superseded.status = WatchWindow.Status.CLOSED;
      superseded.closedAt = Instant.now();
    }
    WatchWindow w = new WatchWindow();
    w.eventId = event.eventId();
    w.updateId = event.updateId();
    w.kind = kind;
    w.stack = stack;
    w.host = host;
    w.service = service;
    w.image = image;
    w.digest = digest == null ? "none" : digest;
    w.previousImage = previousImage;
    w.previousDigest = previousDigest;
    w.openedAt = Instant.now();
    w.logsSince = w.openedAt.minusSeconds(1);
    boolean old =
        settings.staleAfter().isPresent()
            && event.occurredAt() != null
            && event.occurredAt().plus(settings.staleAfter().get()).isBefore(w.openedAt);
    // A replayed backlog of old events must not cost an engine call each.
    Map<String, String> labels = old ? Map.of() : labels(host, stack, service);
    Duration length =
        fixedLength != null
            ? fixedLength
            : labelled(labels, Labels.WINDOW, settings.window(), host, service);
    w.endsAt = w.openedAt.plus(length);
    w.nextCheckAt = w.openedAt;
    w.status = WatchWindow.Status.OPEN;
    // An event older than its window, or than the default window, has nothing left to watch.
    Duration staleAfter = length.compareTo(settings.window()) > 0 ? length : settings.window();
    if (old
        || event.occurredAt() != null && event.occurredAt().plus(staleAfter).isBefore(w.openedAt)) {
      // Heard only after its window would have ended (the monitor was down, or a replay): the
      // service may have changed since, so judging it now could roll back the wrong release.
      w.status = WatchWindow.Status.CLOSED;
      w.criterion = "stale";
      w.evidence = "the event is older than " + staleAfter + "; nothing is watched";
      w.closedAt = w.openedAt;
      LOG.warnf(
          "update %s: not watching %s on %s: the %s event of %s is older than its window",
          w.updateId, service, host, kind.name().toLowerCase(), event.occurredAt());
    } else if (settings.engines().get(host) == null) {
      w.status = WatchWindow.Status.CLOSED;
      w.criterion = "no-engine";
      w.evidence = "no engine is configured for host " + host + "; nothing is watched";
      w.closedAt = Instant.now();
      LOG.warnf(
          "update %s: cannot watch %s on %s: no engine configured for that host",
          w.updateId, service, host);
    }
    windows.persist(w);
    if (w.status == WatchWindow.Status.OPEN) {
      LOG.infof(
          "update %s: watching %s on %s (%s) until %s",
          w.updateId, service, host, kind.name().toLowerCase(), w.endsAt);
    }
    return w;
  }

  /** The check interval for a window's service. */
  public Duration interval(String host, String stack, String service) {
    return labelled(
        labels(host, stack, service), Labels.INTERVAL, settings.interval(), host, service);
  }

  /**
   * The label's duration, or the default when it has none. The planner refuses unreadable ones
   * before they reach a container; one set some other way is reported, and the default watched: the
   * container already runs, and refusing to watch it would be worse than a default window.
   */
  private static Duration labelled(
      Map<String, String> labels, String label, Duration byDefault, String host, String service) {
    String text = labels.get(label);
    if (text == null) {
      return byDefault;
    }
    try {
      return Durations.parsePositive(text);
    } catch (InvalidDurationException e) {
      LOG.warnf(
          "%s on %s: label %s: %s; using the default %s instead",
          service, host, label, e.getMessage(), byDefault);
      return byDefault;
    }
  }

  private Map<String, String> labels(String host, String stack, String service) {
    if (settings.engines().get(host) == null) {
      return Map.of();
    }
    try {
      Optional<InspectContainerResponse> c = checker.container(host, stack, service);
      return c.map(x -> x.getConfig().getLabels()).filter(l -> l != null).orElse(Map.of());
    } catch (RuntimeException e) {
      // An engine that does not answer now must not lose the deploy: watch with the defaults.
      LOG.warnf("cannot read the labels of %s on %s: %s", service, host, e.getMessage());
      return Map.of();
    }
  }
}
