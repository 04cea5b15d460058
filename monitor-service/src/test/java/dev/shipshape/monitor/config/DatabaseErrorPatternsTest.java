package dev.shipshape.monitor.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default database-connection error patterns against what the common clients really log, and
 * against ordinary lines (an error that is not about a database included) that must not count.
 */
class DatabaseErrorPatternsTest {
  static final Pattern DEFAULT = Pattern.compile(DatabaseErrorPatterns.DEFAULT);

  @ParameterizedTest
  @ValueSource(
      strings = {
        // PostgreSQL: psycopg 3, psycopg2/libpq, the server's own refusal, JDBC
        "psycopg.OperationalError: connection failed: connection to server at \"10.200.1.5\","
            + " port 5432 failed: Connection refused",
        "ERROR agent: connection to server at \"db\" (10.200.1.2), port 5432 failed: timeout expired",
        "psycopg2.OperationalError: could not connect to server: Connection refused",
        "could not translate host name \"database\" to address: Name or service not known",
        "FATAL:  password authentication failed for user \"agent\"",
        "FATAL:  the database system is starting up",
        "org.postgresql.util.PSQLException: Connection to db:5432 refused. Check that the hostname",
        // MySQL and MariaDB
        "ERROR 2003 (HY000): Can't connect to MySQL server on 'db:3306' (111)",
        "ERROR 1045 (28000): Access denied for user 'app'@'10.200.1.7' (using password: YES)",
        "pymysql.err.OperationalError: (2006, 'MySQL server has gone away')",
        // Redis: redis-py, Lettuce, node-redis
        "redis.exceptions.ConnectionError: Error 111 connecting to redis:6379. Connection refused.",
        "Error connecting to Redis on cache:6379 (ConnectionError)",
        "io.lettuce.core.RedisConnectionException: Unable to connect to cache:6379",
        "Error: connect ECONNREFUSED 10.200.1.9:6379",
        // any client
        "2026-12-06 20:41:07 ERROR database not reachable: connection failed: connection to"
            + " server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: No such file",
        "FATAL: sorry, too many connections for role \"agent\""
      })
  void whatClientsLogWhenTheyCannotReachTheirDatabaseCounts(String line) {
    assertTrue(DEFAULT.matcher(line).find(), line);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ERROR: request failed: upstream timeout",
        "serving version 1.0.0 on :8080",
        "INFO connected to database agent at db:5432",
        "GET /health 200 3ms",
        "migrations: applied 3, table schema_migrations up to date",
        "WARN slow query (1203 ms): SELECT * FROM notes"
      })
  void ordinaryLinesDoNotCount(String line) {
    assertFalse(DEFAULT.matcher(line).find(), line);
  }
}
