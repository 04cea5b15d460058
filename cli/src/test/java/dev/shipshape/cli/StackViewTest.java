package dev.shipshape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** `shipshape stack show` prints the planner's plan-view as a person reads it. */
class StackViewTest {
  private static final String VIEW =
      """
      {"stack":"rag","version":2,"environment":"production","hosts":["host-1","host-2"],
       "updateOrder":["db","api"],
       "services":[
        {"name":"db","tier":"DATABASE","image":"postgres:16-alpine","updatable":true,
         "updateOrder":1,
         "statefulVolumes":[{"source":"rag_pgdata","target":"/var/lib/postgresql/data",
                             "named":true}],
         "backup":"postgres: a logical dump inside the container (hot)",
         "swap":"STOP_FIRST",
         "swapReason":"writes to volume rag_pgdata at /var/lib/postgresql/data: never two writers on one volume",
         "dependsOn":{},
         "networks":[{"name":"rag_default","aliases":["db"],"joinedByShipshape":true}]},
        {"name":"api","tier":"AGENT","image":null,"updatable":false,"updateOrder":2,
         "statefulVolumes":[],"backup":"none: no volume or bind mount","swap":"START_FIRST",
         "swapReason":"no fixed host port and no writable mount",
         "dependsOn":{"db":"service_healthy"},
         "networks":[{"name":"rag_backend","aliases":[],"joinedByShipshape":false}]}],
       "findings":[
        {"service":"db","kind":"moving-tag","what":"runs 'postgres:16-alpine'",
         "todo":"name the full version (e.g. 16.4-alpine)"},
        {"service":null,"kind":"ignored-key","what":"top-level name: not read by Shipshape",
         "todo":"nothing"}]}
      """;

  @Test
  void servicesInUpdateOrderThenTheirDetailsThenFindingsWithWhatToDo() throws Exception {
    JsonNode view = Api.JSON.readTree(VIEW);
    StringWriter text = new StringWriter();
    StackView.print(new PrintWriter(text, true), view);
    assertEquals(
        """
        stack rag version 2 (production on host-1, host-2)
        update order: db → api
        #  SERVICE  TIER      IMAGE                        SWAP         DEPENDS ON
        1  db       database  postgres:16-alpine           stop-first   -
        2  api      agent     (build-only: not updatable)  start-first  db

        db
          data:     rag_pgdata → /var/lib/postgresql/data
          backup:   postgres: a logical dump inside the container (hot)
          swap:     writes to volume rag_pgdata at /var/lib/postgresql/data: never two writers on one volume
          networks: rag_default as db

        api
          data:     none
          backup:   none: no volume or bind mount
          swap:     no fixed host port and no writable mount
          networks: rag_backend (not joined by Shipshape)

        findings:
          - db moving-tag: runs 'postgres:16-alpine'
              do: name the full version (e.g. 16.4-alpine)
          - ignored-key: top-level name: not read by Shipshape
              do: nothing
        """,
        text.toString().replace(System.lineSeparator(), "\n"));
  }
}
