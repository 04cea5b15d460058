package dev.shipshape.monitor.messaging;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.messaging.EventInbox;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.watch.Windows;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Opens a watch window for every finished deploy. */
@ApplicationScoped
public class DeployDoneConsumer {
  private final EventInbox inbox;
  private final Windows windows;

  public DeployDoneConsumer(EventInbox inbox, Windows windows) {
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
    windows.open(
        event,
        WatchWindow.Kind.DEPLOY,
        done.stack(),
        done.host(),
        done.service(),
        done.image(),
        done.digest(),
        done.previousImage(),
        done.previousDigest(),
        null);
  }
}
