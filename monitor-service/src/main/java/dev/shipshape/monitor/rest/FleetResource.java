package dev.shipshape.monitor.rest;

import dev.shipshape.monitor.persistence.WatchWindowRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The fleet: every host × service the monitor has watched, with its release and latest verdict. */
@Path("/api/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
  private final WatchWindowRepository windows;

  public FleetResource(WatchWindowRepository windows) {
    this.windows = windows;
  }

  /** One host × service. */
  public record Entry(
      String stack,
      String host,
      String service,
      String digest,
      String window,
      String status,
      String criterion,
      String updateId,
      Instant since) {}

  @GET
  public List<Entry> fleet() {
    return windows.latestPerService().stream()
        .map(
            w ->
                new Entry(
                    w.stack,
                    w.host,
                    w.service,
                    w.digest,
                    w.kind,
                    w.status,
                    w.criterion,
                    w.updateId,
                    w.openedAt))
        .toList();
  }
}
