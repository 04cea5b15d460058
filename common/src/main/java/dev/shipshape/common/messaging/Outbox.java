package dev.shipshape.common.messaging;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes events into the outbox inside the caller's transaction, so that state and the events it
 * causes commit together; {@link OutboxRelay} sends them.
 */
@ApplicationScoped
public class Outbox {
  /** Fired inside the transaction; the relay observes it after commit to send without delay. */
  public record Written() {}

  private final String source;
  private final Event<Written> written;

  public Outbox(
      @ConfigProperty(name = "quarkus.application.name") String service, Event<Written> written) {
    this.source = "/shipshape/" + service;
    this.written = written;
  }

  @Transactional(TxType.MANDATORY)
  public void publish(EventEnvelope<?> event) {
    OutboxEvent row = new OutboxEvent();
    row.eventId = event.eventId();
    row.topic = event.topic();
    row.recordKey = event.key();
    row.value = EventCodec.toJson(event);
    row.headers = EventCodec.toJson(EventCodec.cloudEventHeaders(event, source));
    row.createdAt = Instant.now();
    row.persist();
    written.fire(new Written());
  }
}
