package dev.shipshape.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns envelopes into JSON plus CloudEvents binary-mode headers, and back again with schema
 * validation, so that every service reads and writes the wire format the same way.
 */
public final class EventCodec {
  public static final String SCHEMA_FOLDER = "/shipshape/schemas/";
  public static final String ENVELOPE_SCHEMA = "envelope";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private EventCodec() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /** CloudEvents 1.0 attributes in Kafka binary mode; the record value holds the JSON. */
  public static Map<String, String> cloudEventHeaders(EventEnvelope<?> event, String source) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_specversion", "1.0");
    headers.put("ce_id", event.eventId());
    headers.put("ce_type", "dev.shipshape." + event.type());
    headers.put("ce_source", source);
    headers.put("ce_time", event.occurredAt().toString());
    headers.put(
        "ce_subject", event.host() == null ? event.stack() : event.stack() + "/" + event.host());
    headers.put("content-type", "application/json");
    return headers;
  }

  /**
   * Parses and validates a message from a topic.
   *
   * @throws InvalidEventException naming exactly what is wrong
   */
  public static <P extends Payload> EventEnvelope<P> decode(String topic, String json) {
    Class<? extends Payload> payloadType = Payloads.BY_TOPIC.get(topic);
    if (payloadType == null) {
      throw new InvalidEventException("unknown topic " + topic);
    }
    if (json == null || json.isBlank()) {
      throw new InvalidEventException("empty message");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("not JSON: " + e.getOriginalMessage(), e);
    }
    check(ENVELOPE_SCHEMA, tree, "envelope");
    if (!topic.equals(tree.path("type").asText())) {
      throw new InvalidEventException(
          "envelope type '" + tree.path("type").asText() + "' does not match topic " + topic);
    }
    int version = tree.path("schemaVersion").asInt();
    if (version > EventEnvelope.SCHEMA_VERSION) {
      throw new InvalidEventException(
          "schemaVersion " + version + " is newer than " + EventEnvelope.SCHEMA_VERSION);
    }
    check(topic, tree.path("payload"), "payload");
    try {
      JavaType type =
          MAPPER.getTypeFactory().constructParametricType(EventEnvelope.class, payloadType);
      return MAPPER.readerFor(type).readValue(tree);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidEventException("cannot read " + topic + ": " + e.getMessage(), e);
    }
  }

  private static void check(String schemaName, JsonNode node, String what) {
    Set<ValidationMessage> problems = schema(schemaName).validate(node);
    if (!problems.isEmpty()) {
      throw new InvalidEventException(
          what
              + " does not match schema "
              + schemaName
              + ": "
              + problems.stream()
                  .map(ValidationMessage::getMessage)
                  .sorted()
                  .collect(Collectors.joining("; ")));
    }
  }

  /** The committed JSON Schema for a topic's payload, or for the envelope. */
  public static JsonSchema schema(String name) {
    return LOADED.computeIfAbsent(
        name,
        n -> {
          try (InputStream in = EventCodec.class.getResourceAsStream(SCHEMA_FOLDER + n + ".json")) {
            if (in == null) {
              throw new IllegalStateException("no schema " + n);
            }
            return SCHEMAS.getSchema(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
