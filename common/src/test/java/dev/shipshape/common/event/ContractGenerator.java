package dev.shipshape.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema of each payload from its record and the AsyncAPI document from the
 * topics, so that {@link ContractDriftTest} can tell when the committed contract and the code part.
 */
final class ContractGenerator {
  static final String SCHEMA_ID_BASE = "https://shipshape.dev/schemas/";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ContractGenerator() {}

  static ObjectNode payloadSchema(String topic) {
    Class<? extends Payload> type = Payloads.BY_TOPIC.get(topic);
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", SCHEMA_ID_BASE + topic + ".json");
    schema.put("title", type.getSimpleName());
    schema.put("description", "Payload of the " + topic + " topic.");
    schema.setAll(recordSchema(type));
    return schema;
  }

  static ObjectNode envelopeSchema() {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", SCHEMA_ID_BASE + EventCodec.ENVELOPE_SCHEMA + ".json");
    schema.put("title", "EventEnvelope");
    schema.put("description", "The envelope every Shipshape topic carries; payload per topic.");
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    props.putObject("eventId").put("type", "string").put("minLength", 1);
    ArrayNode types = props.putObject("type").put("type", "string").putArray("enum");
    Topics.ALL.forEach(types::add);
    props.putObject("updateId").put("type", "string").put("minLength", 1);
    props.putObject("stack").put("type", "string").put("minLength", 1);
    props.putObject("host").putArray("type").add("string").add("null");
    props.putObject("occurredAt").put("type", "string").put("format", "date-time");
    props.putObject("schemaVersion").put("type", "integer").put("minimum", 1);
    props.putObject("payload").put("type", "object");
    ArrayNode required = schema.putArray("required");
    List.of("eventId", "type", "updateId", "stack", "occurredAt", "schemaVersion", "payload")
        .forEach(required::add);
    return schema;
  }

  static ObjectNode recordSchema(Class<?> type) {
    ObjectNode schema = JSON.objectNode();
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (RecordComponent c : type.getRecordComponents()) {
      boolean nullable = c.isAnnotationPresent(Nullable.class);
      props.set(c.getName(), typeSchema(c.getGenericType(), nullable));
      if (!nullable) {
        required.add(c.getName());
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    return schema;
  }

  static ObjectNode typeSchema(Type type, boolean nullable) {
    ObjectNode schema = JSON.objectNode();
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        setType(schema, "array", nullable);
        schema.set("items", typeSchema(p.getActualTypeArguments()[0], false));
        return schema;
      }
      if (Map.class.isAssignableFrom(raw)) {
        setType(schema, "object", nullable);
        schema.set("additionalProperties", typeSchema(p.getActualTypeArguments()[1], false));
        return schema;
      }
      throw new IllegalArgumentException("unsupported generic type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      setType(schema, "string", nullable);
    } else if (c == Instant.class) {
      setType(schema, "string", nullable);
      schema.put("format", "date-time");
    } else if (c == Duration.class) {
      setType(schema, "string", nullable);
      schema.put("format", "duration");
    } else if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
      setType(schema, "integer", nullable && !c.isPrimitive());
    } else if (c == double.class || c == Double.class) {
      setType(schema, "number", nullable && !c.isPrimitive());
    } else if (c == boolean.class || c == Boolean.class) {
      setType(schema, "boolean", nullable && !c.isPrimitive());
    } else if (c.isEnum()) {
      setType(schema, "string", nullable);
      ArrayNode values = schema.putArray("enum");
      Arrays.stream(c.getEnumConstants()).map(Object::toString).forEach(values::add);
      if (nullable) {
        values.addNull();
      }
    } else if (c.isRecord()) {
      ObjectNode record = recordSchema(c);
      if (nullable) {
        record.putArray("type").add("object").add("null");
      }
      return record;
    } else {
      throw new IllegalArgumentException("unsupported type " + c.getName());
    }
    return schema;
  }

  private static void setType(ObjectNode schema, String type, boolean nullable) {
    if (nullable) {
      schema.putArray("type").add(type).add("null");
    } else {
      schema.put("type", type);
    }
  }

  /** The AsyncAPI 3 document: one channel per topic, its message pointing at the payload schema. */
  static JsonNode asyncApi() {
    ObjectNode doc = JSON.objectNode();
    doc.put("asyncapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Shipshape events");
    info.put("version", String.valueOf(EventEnvelope.SCHEMA_VERSION));
    info.put(
        "description",
        "Kafka topics of the Shipshape suite. Values are JSON envelopes (envelope.json) whose"
            + " payload matches the topic's schema; CloudEvents 1.0 attributes travel as ce_*"
            + " headers (binary mode). Host-targeted commands are keyed by host id, the rest by"
            + " stack id.");
    ObjectNode channels = doc.putObject("channels");
    ObjectNode operations = doc.putObject("operations");
    for (String topic : Topics.ALL) {
      String id = topic.replace('.', '-');
      ObjectNode channel = channels.putObject(id);
      channel.put("address", topic);
      ObjectNode message =
          channel.putObject("messages").putObject(Payloads.BY_TOPIC.get(topic).getSimpleName());
      message.put("contentType", "application/json");
      message.putObject("payload").put("$ref", "./" + topic + ".json");
      message.set("headers", cloudEventHeaders());
      ObjectNode op = operations.putObject("on-" + id);
      op.put("action", "receive");
      op.putObject("channel").put("$ref", "#/channels/" + id);
    }
    return doc;
  }

  private static ObjectNode cloudEventHeaders() {
    ObjectNode headers = JSON.objectNode().put("type", "object");
    ObjectNode props = headers.putObject("properties");
    for (String name :
        List.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject")) {
      props.putObject(name).put("type", "string");
    }
    ArrayNode required = headers.putArray("required");
    List.of("ce_specversion", "ce_id", "ce_type", "ce_source").forEach(required::add);
    return headers;
  }

  static String pretty(JsonNode node) throws Exception {
    return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
  }
}
