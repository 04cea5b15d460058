package dev.shipshape.monitor.rest;

import dev.shipshape.monitor.dashboard.LiveFeed;
import dev.shipshape.monitor.persistence.TimelineEvent;
import dev.shipshape.monitor.persistence.TimelineRepository;
import dev.shipshape.monitor.persistence.TimelineRepository.UpdateSummary;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * The dashboard's data, behind the viewer token like the rest of the API: recent updates, one
 * update's timeline, and a Server-Sent Events stream of health checks and update events.
 */
@Path("/api")
public class DashboardResource {
  private final TimelineRepository timeline;
  private final LiveFeed live;

  public DashboardResource(TimelineRepository timeline, LiveFeed live) {
    this.timeline = timeline;
    this.live = live;
  }

  @GET
  @Path("/updates")
  @Produces(MediaType.APPLICATION_JSON)
  public List<UpdateSummary> updates(@QueryParam("limit") @DefaultValue("50") int limit) {
    return timeline.recent(Math.max(1, Math.min(limit, 500)));
  }

  @GET
  @Path("/updates/{id}/timeline")
  @Produces(MediaType.APPLICATION_JSON)
  public List<TimelineEvent> timeline(@PathParam("id") String updateId) {
    List<TimelineEvent> events = timeline.of(updateId);
    if (events.isEmpty()) {
      throw new NotFoundException("no events for update " + updateId);
    }
    return events;
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@Context Sse sse, @Context SseEventSink sink) {
    live.register(sse, sink);
  }
}
