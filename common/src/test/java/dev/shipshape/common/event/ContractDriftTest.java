package dev.shipshape.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON Schemas and AsyncAPI document are what other systems code against. This test
 * fails when a payload record changes and its committed schema does not follow (run with {@code
 * -Dshipshape.contract.write=true} to regenerate, then review the diff).
 */
class ContractDriftTest {
  private static final Path FOLDER = Path.of("src/main/resources/shipshape/schemas");
  private static final boolean WRITE = Boolean.getBoolean("shipshape.contract.write");

  @Test
  void everyTopicHasAPayloadRecordAndEveryRecordATopic() {
    assertEquals(Topics.ALL.size(), Payloads.BY_TOPIC.size());
    assertTrue(Payloads.BY_TOPIC.keySet().containsAll(Topics.ALL));
  }

  @Test
  void committedSchemasMatchTheRecords() throws Exception {
    List<String> drifted = new ArrayList<>();
    for (String topic : Topics.ALL) {
      compare(
          topic + ".json",
          ContractGenerator.pretty(ContractGenerator.payloadSchema(topic)),
          drifted);
    }
    compare("envelope.json", ContractGenerator.pretty(ContractGenerator.envelopeSchema()), drifted);
    compare("asyncapi.json", ContractGenerator.pretty(ContractGenerator.asyncApi()), drifted);
    assertEquals(
        List.of(),
        drifted,
        "committed contract differs from the records; regenerate with -Dshipshape.contract.write=true");
  }

  private static void compare(String file, String expected, List<String> drifted) throws Exception {
    Path path = FOLDER.resolve(file);
    if (WRITE) {
      Files.createDirectories(FOLDER);
      Files.writeString(path, expected);
      return;
    }
    if (!Files.exists(path) || !Files.readString(path).equals(expected)) {
      drifted.add(file);
    }
  }
}
