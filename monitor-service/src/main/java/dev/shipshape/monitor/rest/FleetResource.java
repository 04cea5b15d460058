package dev.shipshape.monitor.rest;

import dev.shipshape.monitor.dashboard.LiveFeed;
import dev.shipshape.monitor.persistence.TimelineRepository;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet: every host × service the monitor has watched, with its version, latest health verdict
 * and resource use, its window, and the update in flight for its stack, if any.
 */
@Path("/api/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
  private final WatchWindowRepository windows;
  private final TimelineRepository timeline;
  private final LiveFeed live;

  public FleetResource(WatchWindowRepository windows, TimelineRepository timeline, LiveFeed live) {
    this.windows = windows;
    this.timeline = timeline;
    this.live = live;
  }

  /** One host × service. */
  public record Entry(
      String stack,
      String host,
      String service,
      String version,
      String digest,
      String window,
      String status,
      String criterion,
      String updateId,
      Instant since,
      String health,
      Instant checkedAt,
      Double cpuPercent,
      Long memoryBytes,
      String inFlightUpdate) {}

  @GET
  public List<Entry> fleet() {
    Map<String, Optional<String>> inFlight = new HashMap<>();
    return windows.latestPerService().stream()
        .map(
            w -> {
              LiveFeed.Health h = live.latest(w.stack, w.host, w.service);
              return new Entry(
                  w.stack,
                  w.host,
                  w.service,
                  version(w),
                  w.digest,
                  w.kind.name(),
                  w.status.name(),
                  w.criterion,
                  w.updateId,
                  w.openedAt,
                  h == null ? null : h.health().verdict(),
                  h == null ? null : h.at(),
                  h == null ? null : h.health().cpuPercent(),
                  h == null ? null : h.health().memoryBytes(),
                  inFlight.computeIfAbsent(w.stack, timeline::inFlight).orElse(null));
            })
        .toList();
  }

  /** The image tag when there is one (what operators call the version), else the short digest. */
  static String version(WatchWindow w) {
    String image = w.image;
    if (image != null) {
      int at = image.indexOf('@');
      String ref = at < 0 ? image : image.substring(0, at);
      int colon = ref.lastIndexOf(':');
      if (colon > ref.lastIndexOf('/')) {
        return ref.substring(colon + 1);
      }
    }
    String d = w.digest == null ? "" : w.digest.replace("sha256:", "");
    return d.length() > 12 ? d.substring(0, 12) : d;
  }
}
