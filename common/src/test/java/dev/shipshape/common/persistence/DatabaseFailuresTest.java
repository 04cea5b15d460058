package dev.shipshape.common.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {
  @Test
  void aLostConnectionDeepInTheCauseChainIsUnavailability() {
    RuntimeException wrapped =
        new IllegalStateException(
            "JDBC exception executing SQL",
            new RuntimeException(new SQLException("An I/O error occurred", "08006")));
    assertTrue(DatabaseFailures.unavailable(wrapped));
    assertTrue(
        DatabaseFailures.unavailable(
            new SQLException("terminating connection due to administrator command", "57P01")));
    assertTrue(
        DatabaseFailures.unavailable(
            new SQLException("Acquisition timeout while waiting for new connection")));
  }

  @Test
  void aStatementThatFailsIsNot() {
    assertFalse(
        DatabaseFailures.unavailable(
            new RuntimeException(new SQLException("duplicate key value", "23505"))));
    assertFalse(DatabaseFailures.unavailable(new IllegalArgumentException("no such image")));
    assertFalse(DatabaseFailures.unavailable(null));
  }
}
