package dev.shipshape.common.event;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The one envelope every topic carries: identity for idempotent consumers, the update it belongs
 * to, and the payload.
 */
public record EventEnvelope<P extends Payload>(
    String eventId,
    String type,
    String updateId,
    String stack,
    @Nullable String host,
    Instant occurredAt,
    int schemaVersion,
    P payload) {

  public static final int SCHEMA_VERSION = 1;

  /** Commands aimed at one host are keyed by host so that each host's commands stay in order. */
  private static final Set<String> HOST_KEYED =
      Set.of(
          Topics.BACKUP_REQUESTED,
          Topics.DEPLOY_REQUESTED,
          Topics.ROLLBACK_TRIGGERED,
          Topics.RESTORE_REQUESTED);

  public static <P extends Payload> EventEnvelope<P> of(
      String updateId, String stack, @Nullable String host, P payload) {
    return new EventEnvelope<>(
        UUID.randomUUID().toString(),
        Payloads.topicOf(payload.getClass()),
        updateId,
        stack,
        host,
        Instant.now(),
        SCHEMA_VERSION,
        payload);
  }

  /** The topic is the type: one payload type per topic. */
  public String topic() {
    return type;
  }

  /** The Kafka record key: the host for host-targeted commands, otherwise the stack. */
  public String key() {
    return host != null && HOST_KEYED.contains(type) ? host : stack;
  }
}
