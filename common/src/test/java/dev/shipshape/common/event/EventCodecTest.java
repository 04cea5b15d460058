package dev.shipshape.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.UpdateRejected;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payload survives the wire unchanged, and every kind of bad message is named precisely. */
class EventCodecTest {

  static List<String> topics() {
    return Topics.ALL;
  }

  @ParameterizedTest
  @MethodSource("topics")
  void everyPayloadRoundTripsThroughItsCommittedSchema(String topic) {
    Payload payload = (Payload) sample(Payloads.BY_TOPIC.get(topic));
    EventEnvelope<Payload> sent = EventEnvelope.of("u-1", "stack-a", "host-1", payload);

    EventEnvelope<Payload> received = EventCodec.decode(topic, EventCodec.toJson(sent));

    assertEquals(sent, received);
  }

  @Test
  void cloudEventHeadersCarryTheEnvelopeAttributes() {
    EventEnvelope<UpdateRejected> event =
        EventEnvelope.of("u-1", "stack-a", null, UpdateRejected.of("r-1", "stack-a", List.of()));
    Map<String, String> headers = EventCodec.cloudEventHeaders(event, "/shipshape/planner");
    assertEquals("1.0", headers.get("ce_specversion"));
    assertEquals(event.eventId(), headers.get("ce_id"));
    assertEquals("dev.shipshape.update.rejected", headers.get("ce_type"));
    assertEquals("/shipshape/planner", headers.get("ce_source"));
    assertEquals("stack-a", headers.get("ce_subject"));
    assertEquals("stack-a", event.key());
  }

  @Test
  void hostCommandsAreKeyedByHost() {
    DeployFailed failed = DeployFailed.of("s", "h", "svc", "img", "swap", "why", null, null);
    assertEquals("s", EventEnvelope.of("u", "s", "h", failed).key());
    Payloads.RestoreRequested restore = Payloads.RestoreRequested.of("s", "h", "db", "b-1", "why");
    assertEquals("h", EventEnvelope.of("u", "s", "h", restore).key());
  }

  @Test
  void textThatIsNotJsonIsRejectedWithTheParserMessage() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> EventCodec.decode(Topics.DEPLOY_FAILED, "{not json"));
    assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
  }

  @Test
  void aMissingRequiredPayloadFieldIsNamed() {
    DeployFailed failed = DeployFailed.of("s", "h", "svc", "img", "swap", "why", null, null);
    ObjectNode tree = EventCodec.mapper().valueToTree(EventEnvelope.of("u", "s", "h", failed));
    ((ObjectNode) tree.get("payload")).remove("reason");

    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> EventCodec.decode(Topics.DEPLOY_FAILED, tree.toString()));
    assertTrue(e.getMessage().contains("reason"), e.getMessage());
  }

  @Test
  void anEventOnTheWrongTopicIsRejected() {
    DeployFailed failed = DeployFailed.of("s", "h", "svc", "img", "swap", "why", null, null);
    String json = EventCodec.toJson(EventEnvelope.of("u", "s", "h", failed));
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> EventCodec.decode(Topics.DEPLOY_DONE, json));
    assertTrue(e.getMessage().contains("does not match topic"), e.getMessage());
  }

  @Test
  void aNewerSchemaVersionIsRejected() {
    DeployFailed failed = DeployFailed.of("s", "h", "svc", "img", "swap", "why", null, null);
    ObjectNode tree = EventCodec.mapper().valueToTree(EventEnvelope.of("u", "s", "h", failed));
    tree.put("schemaVersion", EventEnvelope.SCHEMA_VERSION + 1);
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> EventCodec.decode(Topics.DEPLOY_FAILED, tree.toString()));
    assertTrue(e.getMessage().contains("schemaVersion"), e.getMessage());
  }

  @Test
  void aMissingEnvelopeFieldIsNamed() {
    DeployFailed failed = DeployFailed.of("s", "h", "svc", "img", "swap", "why", null, null);
    ObjectNode tree = EventCodec.mapper().valueToTree(EventEnvelope.of("u", "s", "h", failed));
    tree.remove("eventId");
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> EventCodec.decode(Topics.DEPLOY_FAILED, tree.toString()));
    assertTrue(e.getMessage().contains("eventId"), e.getMessage());
  }

  /** Builds a record with a value in every component, so that no field escapes the schema check. */
  static Object sample(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = sampleValue(components[i].getGenericType(), components[i].getName());
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sampleValue(Type type, String name) {
    if (type instanceof ParameterizedType p) {
      Type arg = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
      if (List.class.isAssignableFrom((Class<?>) p.getRawType())) {
        return List.of(sampleValue(arg, name));
      }
      return Map.of("k", sampleValue(arg, name));
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return name + "-value";
    } else if (c == int.class || c == Integer.class) {
      return 7;
    } else if (c == long.class || c == Long.class) {
      return 42L;
    } else if (c == double.class || c == Double.class) {
      return 1.5;
    } else if (c == boolean.class || c == Boolean.class) {
      return true;
    } else if (c == Instant.class) {
      return Instant.parse("2026-01-02T03:04:05Z");
    } else if (c.isEnum()) {
      return c.getEnumConstants()[0];
    } else if (c.isRecord()) {
      return sample(c);
    }
    throw new IllegalArgumentException("no sample for " + c);
  }
}
