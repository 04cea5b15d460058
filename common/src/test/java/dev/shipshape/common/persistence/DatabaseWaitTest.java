package dev.shipshape.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseWaitTest {
  @Test
  void workIsRunAgainUntilTheDatabaseAnswers() {
    AtomicInteger attempts = new AtomicInteger();
    List<String> waitingDuringTheLastAttempt = new ArrayList<>();
    String result =
        DatabaseWait.get(
            "a test",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException(new SQLException("connection refused", "08001"));
              }
              waitingDuringTheLastAttempt.addAll(DatabaseWait.waitingNow());
              return "written";
            });
    assertEquals("written", result);
    assertEquals(3, attempts.get());
    assertEquals(List.of("a test"), waitingDuringTheLastAttempt);
    assertEquals(List.of(), DatabaseWait.waitingNow(), "nothing waits once it went through");
  }

  @Test
  void anyOtherFailureIsTheCallersAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    IllegalStateException duplicate =
        new IllegalStateException(new SQLException("duplicate key value", "23505"));
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                DatabaseWait.run(
                    "a test",
                    () -> {
                      attempts.incrementAndGet();
                      throw duplicate;
                    }));
    assertSame(duplicate, thrown);
    assertEquals(1, attempts.get());
  }

  @Test
  void aCheckedFailureComesOutUnchanged() {
    SQLException syntax = new SQLException("syntax error", "42601");
    assertSame(
        syntax,
        assertThrows(
            SQLException.class,
            () ->
                DatabaseWait.call(
                    "a test",
                    () -> {
                      throw syntax;
                    })));
  }
}
