package dev.shipshape.common.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeadLetter;
import dev.shipshape.common.event.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every service promises at the messaging layer, against the real broker and database: an
 * event is acted on once however often it arrives; bad input is dead-lettered with the reason and
 * the consumer keeps going; health, metrics and OpenAPI answer. Each service's test extends this
 * with its own topic and sample event.
 */
public abstract class ServiceContractTest {
  protected static final Duration BOUND = Duration.ofSeconds(60);

  @Inject protected EntityManager em;
  protected KafkaProbe kafka;

  /** The topic this service consumes. */
  protected abstract String topic();

  /** A valid event on {@link #topic()} that this service acts on. */
  protected abstract EventEnvelope<? extends Payload> sampleEvent();

  /** How many rows of its own state the service holds for an event it acted on. */
  protected abstract long recordedRowsFor(EventEnvelope<? extends Payload> event);

  @BeforeEach
  void connect() {
    kafka =
        new KafkaProbe(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  @AfterEach
  void disconnect() {
    kafka.close();
  }

  protected void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  protected long processedCount(String eventId) {
    return count("SELECT count(*) FROM processed_event WHERE event_id = ?1", eventId);
  }

  /** Runs a {@code SELECT count(*)} with one parameter in the service's own database. */
  protected long count(String sql, Object parameter) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number) em.createNativeQuery(sql).setParameter(1, parameter).getSingleResult())
                    .longValue());
  }

  @Test
  void anEventDeliveredTwiceIsActedOnOnce() {
    EventEnvelope<? extends Payload> event = sampleEvent();
    publish(event);
    publish(event);

    await().atMost(BOUND).until(() -> processedCount(event.eventId()) == 1);
    EventEnvelope<? extends Payload> marker = sampleEvent();
    publish(marker);
    await().atMost(BOUND).until(() -> processedCount(marker.eventId()) == 1);

    assertEquals(1, processedCount(event.eventId()));
    assertEquals(1, recordedRowsFor(event));
  }

  @Test
  void badInputIsDeadLetteredWithTheReasonAndConsumingGoesOn() {
    String notJsonKey = "not-json-" + UUID.randomUUID();
    String invalidKey = "invalid-" + UUID.randomUUID();
    kafka.send(topic(), notJsonKey, "{this is not json", java.util.Map.of());
    ObjectNode invalid = EventCodec.mapper().valueToTree(sampleEvent());
    invalid.putObject("payload").put("unexpected", true);
    kafka.send(topic(), invalidKey, invalid.toString(), java.util.Map.of());
    EventEnvelope<? extends Payload> after = sampleEvent();
    publish(after);

    DeadLetter notJson = deadLetterWithKey(notJsonKey);
    DeadLetter schema = deadLetterWithKey(invalidKey);
    assertTrue(notJson.reason().startsWith("not JSON"), notJson.reason());
    assertEquals(topic(), notJson.sourceTopic());
    assertEquals("{this is not json", notJson.value());
    assertTrue(schema.reason().contains("does not match schema"), schema.reason());
    await().atMost(BOUND).until(() -> processedCount(after.eventId()) == 1);
    assertEquals(1, recordedRowsFor(after));
  }

  private DeadLetter deadLetterWithKey(String key) {
    ConsumerRecord<String, String> record =
        kafka.await(
            Topics.DEAD_LETTER,
            r -> r.value() != null && r.value().contains("\"key\":\"" + key + "\""),
            BOUND);
    EventEnvelope<DeadLetter> letter = EventCodec.decode(Topics.DEAD_LETTER, record.value());
    assertEquals(key, letter.payload().key());
    return letter.payload();
  }

  @Test
  void readinessMetricsAndOpenApiAnswer() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            org.hamcrest.Matchers.hasItems(expectedReadinessChecks().toArray(String[]::new)));
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
    given().when().get("/q/openapi").then().statusCode(200);
  }

  /** A GET path of this service's REST API, or null when it has none yet. */
  protected String apiPath() {
    return null;
  }

  @Test
  void theRestApiNeedsAValidBearerToken() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(apiPath() != null, "no REST API yet");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri =
        java.net.URI.create(
            io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + apiPath());
    java.net.http.HttpResponse<String> none =
        http.send(
            java.net.http.HttpRequest.newBuilder(uri).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    given()
        .header("Authorization", "Bearer not-a-token")
        .when()
        .get(apiPath())
        .then()
        .statusCode(401);
    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .when()
        .get(apiPath())
        .then()
        .statusCode(200);
  }

  /** The readiness checks this service must report; the database and Kafka for every service. */
  protected List<String> expectedReadinessChecks() {
    return List.of("Database connections health check", "Kafka connection health check");
  }
}
