package dev.shipshape.monitor.dashboard;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.monitor.persistence.TimelineEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's live side: the latest health of every host × service, and a broadcaster that
 * pushes each health check and update event to every open Server-Sent Events stream.
 */
@ApplicationScoped
public class LiveFeed {
  /** The newest check of one service on one host. */
  public record Health(String stack, String updateId, MonitorHealth health, Instant at) {}

  private final Map<String, Health> latest = new ConcurrentHashMap<>();
  private volatile Sse sse;
  private volatile SseBroadcaster broadcaster;

  public void register(Sse sse, SseEventSink sink) {
    synchronized (this) {
      if (broadcaster == null) {
        this.sse = sse;
        this.broadcaster = sse.newBroadcaster();
      }
    }
    broadcaster.register(sink);
    sink.send(event("hello", Map.of("at", Instant.now().toString())));
  }

  public void health(String stack, String updateId, MonitorHealth h, Instant at) {
    latest.put(stack + "/" + h.host() + "/" + h.service(), new Health(stack, updateId, h, at));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("stack", stack);
    data.put("updateId", updateId);
    data.put("at", at.toString());
    data.put("health", h);
    broadcast("health", data);
  }

  public void timeline(TimelineEvent e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("eventId", e.eventId);
    data.put("updateId", e.updateId);
    data.put("stack", e.stack);
    data.put("host", e.host);
    data.put("topic", e.topic);
    data.put("summary", e.summary);
    data.put("occurredAt", e.occurredAt.toString());
    broadcast("update", data);
  }

  public List<Health> latest() {
    return List.copyOf(latest.values());
  }

  public Health latest(String stack, String host, String service) {
    return latest.get(stack + "/" + host + "/" + service);
  }

  private void broadcast(String name, Object data) {
    SseBroadcaster b = broadcaster;
    if (b != null) {
      b.broadcast(event(name, data));
    }
  }

  private OutboundSseEvent event(String name, Object data) {
    return sse.newEventBuilder().name(name).data(EventCodec.toJson(data)).build();
  }

  void stop(@Observes ShutdownEvent event) {
    SseBroadcaster b = broadcaster;
    if (b != null) {
      b.close();
    }
  }
}
