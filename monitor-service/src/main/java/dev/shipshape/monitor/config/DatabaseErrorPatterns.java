package dev.shipshape.monitor.config;

/**
 * The log lines that say a service cannot reach its database, in the words of the common clients:
 * PostgreSQL (libpq, psycopg, JDBC), MySQL and Redis. A service may name its own with {@code
 * x-shipshape.dbErrors}; these are the monitor's default ({@code
 * shipshape.monitor.database-error-pattern}).
 */
public final class DatabaseErrorPatterns {
  /** PostgreSQL: libpq and psycopg ({@code connection failed: … Connection refused}), JDBC. */
  public static final String POSTGRES =
      "connection (to server at .* )?failed"
          + "|could not connect to (the )?(server|database)"
          + "|could not translate host name"
          + "|password authentication failed"
          + "|the database system is (starting up|shutting down)"
          + "|Connection to \\S+ refused";

  /** MySQL and MariaDB clients. */
  public static final String MYSQL =
      "Can't connect to (local )?MySQL server|Access denied for user|MySQL server has gone away";

  /** Redis clients (redis-py, Jedis, Lettuce, node-redis). */
  public static final String REDIS =
      "Error \\d* ?connecting to (Redis|\\S+:\\d+)"
          + "|redis.*connection refused|connection refused.*redis"
          + "|Unable to connect to \\S+:\\d+";

  /** Any client: the socket itself, and an application's own words for it. */
  public static final String ANY =
      "connection refused|ECONNREFUSED|too many connections|connection reset"
          + "|database (is )?(not reachable|unreachable|unavailable)";

  /** The default, as one case-insensitive regex. */
  public static final String DEFAULT =
      "(?i)(" + POSTGRES + "|" + MYSQL + "|" + REDIS + "|" + ANY + ")";

  private DatabaseErrorPatterns() {}
}
