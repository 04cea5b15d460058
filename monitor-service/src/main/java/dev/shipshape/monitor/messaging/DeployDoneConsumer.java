package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Opens a watch window for every finished deploy. */
@ApplicationScoped
public class DeployDoneConsumer {
  private static final Logger LOG = Logger.getLogger(DeployDoneConsumer.class);

  private final EventInbox inbox;
  private final WatchWindowRepository windows;

  public DeployDoneConsumer(EventInbox inbox, WatchWindowRepository windows) {
    this.inbox = inbox;
    this.windows = windows;
  }

  @Incoming(Topics.DEPLOY_DONE)
  @Blocking
  public void consume(ConsumerRecord<String, String> record) {
    inbox.<DeployDone>receive(record, this::open);
  }

  void open(EventEnvelope<DeployDone> event) {
    DeployDone done = event.payload();
    WatchWindow window = new WatchWindow();
    window.eventId = event.eventId();
    window.updateId = event.updateId();
    window.stack = done.stack();
    window.host = done.host();
    window.service = done.service();
    window.digest = done.digest();
    window.status = "OPEN";
    window.openedAt = Instant.now();
    windows.persist(window);
    LOG.infof(
        "update %s: watching %s on %s at %s",
        window.updateId, window.service, window.host, window.digest);
  }
}
