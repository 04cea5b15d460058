package dev.shipshape.monitor.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A log line as evidence: a connection URL's password hidden, and a long line cut. */
class LogLineEvidenceTest {
  @Test
  void theCredentialsOfAConnectionUrlAreHidden() {
    assertEquals(
        "could not connect to postgresql://agent:***@db:5432/agent: Connection refused",
        ServiceChecker.shown(
            "  could not connect to postgresql://agent:s3cret@db:5432/agent: Connection refused\n"));
    assertEquals(
        "redis://:***@cache:6379 refused", ServiceChecker.shown("redis://:pw@cache:6379 refused"));
  }

  @Test
  void aLongLineIsCut() {
    assertEquals(301, ServiceChecker.shown("x".repeat(1000)).length());
  }
}
