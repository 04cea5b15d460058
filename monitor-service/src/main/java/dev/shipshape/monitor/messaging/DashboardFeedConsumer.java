package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.InvalidEventException;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.persistence.DatabaseWait;
import dev.shipshape.monitor.dashboard.LiveFeed;
import dev.shipshape.monitor.dashboard.Summaries;
import dev.shipshape.monitor.persistence.TimelineEvent;
import dev.shipshape.monitor.persistence.TimelineRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Feeds the dashboard from every update topic and {@code monitor.health} (one consumer, its own
 * group; see application.properties). Timelines are stored once per event id, so a redelivery
 * changes nothing. It is a view: a malformed message is skipped here and dead-lettered by the
 * service that owns that topic.
 */
@ApplicationScoped
public class DashboardFeedConsumer {
  private static final Logger LOG = Logger.getLogger(DashboardFeedConsumer.class);
  public static final String CHANNEL = "dashboard-feed";

  private final TimelineRepository timeline;
  private final LiveFeed live;

  public DashboardFeedConsumer(TimelineRepository timeline, LiveFeed live) {
    this.timeline = timeline;
    this.live = live;
  }

  /**
   * Takes a poll's records at once (the channel is a batch one): health events come 100 a second
   * with 500 watched services, and one hand-off per record cost more than handling it.
   */
  @Incoming(CHANNEL)
  @Blocking
  public void consume(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      consume(record);
    }
  }

  void consume(ConsumerRecord<String, String> record) {
    EventEnvelope<?> event;
    try {
      event = EventCodec.decode(record.topic(), record.value());
    } catch (InvalidEventException | IllegalArgumentException e) {
      LOG.debugf("dashboard skips %s@%d: %s", record.topic(), record.offset(), e.getMessage());
      return;
    }
    if (Topics.MONITOR_HEALTH.equals(record.topic())) {
      live.health(
          event.stack(), event.updateId(), (MonitorHealth) event.payload(), event.occurredAt());
      return;
    }
    TimelineEvent t = new TimelineEvent();
    t.eventId = event.eventId();
    t.updateId = event.updateId();
    t.stack = event.stack();
    t.host = event.host();
    t.topic = record.topic();
    t.summary = Summaries.of(event);
    t.occurredAt = event.occurredAt();
    boolean fresh =
        DatabaseWait.get(
            "recording a timeline event",
            () -> QuarkusTransaction.requiringNew().call(() -> timeline.record(t)));
    if (fresh) {
      live.timeline(t);
    }
  }
}
