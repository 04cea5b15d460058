package dev.shipshape.common.persistence;

import java.sql.SQLException;

/**
 * Tells a database that is away (restarting, unreachable, out of connections) from a statement that
 * failed: the first is worth waiting out, the second is the job's own failure.
 */
public final class DatabaseFailures {
  private DatabaseFailures() {}

  /** True when the cause chain holds a connection-level SQL failure (SQLSTATE class 08 or 57P). */
  public static boolean unavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
          return true;
        }
        if (String.valueOf(sql.getMessage()).contains("Acquisition timeout")) {
          return true;
        }
      }
    }
    return false;
  }
}
