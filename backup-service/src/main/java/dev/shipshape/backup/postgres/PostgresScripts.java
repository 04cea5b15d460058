package dev.shipshape.backup.postgres;

import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.persistence.Backup;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shell run inside a Postgres container, and the client environment it needs. Credentials come
 * from the container's own env and are passed only as exec env (never on a command line).
 */
final class PostgresScripts {
  private PostgresScripts() {}

  /** Prints {@code shipshape-count<TAB>schema.table<TAB>rows} per table (to stdout). */
  private static final String COUNT_SQL =
      "SELECT format('SELECT %L || E''\\t'' || count(*) FROM %I.%I;', n.nspname || '.' || c.relname,"
          + " n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1 \\gexec";

  static final String COUNT =
      "set -euo pipefail\n"
          + "psql -X -q -A -t -v ON_ERROR_STOP=1 <<'SQL' | sed 's/^/shipshape-count\\t/'\n"
          + COUNT_SQL
          + "\nSQL\n";

  /**
   * Holds a repeatable-read transaction in a psql coprocess and exports its snapshot; dumps that
   * snapshot to stdout, then counts every table in the same snapshot (marked lines on stderr).
   */
  static final String DUMP =
      "set -euo pipefail\n"
          + "coproc PSQL { exec psql -X -q -A -t -v ON_ERROR_STOP=1 2>&1; }\n"
          + "to=${PSQL[1]} from=${PSQL[0]}\n"
          + "echo 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;' >&$to\n"
          + "echo 'SELECT pg_export_snapshot();' >&$to\n"
          + "read -r -t 60 snapshot <&$from || { echo 'psql did not answer' >&2; exit 3; }\n"
          + "if ! [[ \"$snapshot\" =~ ^[0-9A-Fa-f-]+$ ]]; then echo \"$snapshot\" >&2; exit 3; fi\n"
          + "pg_dump -Fc --snapshot=\"$snapshot\"\n"
          + "cat >&$to <<'SQL'\n"
          + COUNT_SQL
          + "\nSELECT 'shipshape-end';\nSQL\n"
          + "while read -r -t 3600 line <&$from; do\n"
          + "  [ \"$line\" = shipshape-end ] && break\n"
          + "  if [[ \"$line\" == *$'\\t'* ]]; then printf 'shipshape-count\\t%s\\n' \"$line\" >&2;"
          + " else echo \"$line\" >&2; exit 3; fi\n"
          + "done\n"
          + "printf 'COMMIT;\\n\\\\q\\n' >&$to\n"
          + "wait\n";

  /** Drops and recreates the service's database (its sessions are terminated). */
  static final String RECREATE =
      "set -euo pipefail\n"
          + "db=\"$PGDATABASE\"\n"
          + "psql -X -q -v ON_ERROR_STOP=1 -d template1 -v db=\"$db\" -v owner=\"$PGUSER\" <<'SQL'\n"
          + "DROP DATABASE IF EXISTS :\"db\" WITH (FORCE);\n"
          + "CREATE DATABASE :\"db\" OWNER :\"owner\";\n"
          + "SQL\n";

  /**
   * pg_restore from stdin, fed exactly the backup's size: the engine never closes an exec's stdin,
   * so without the count a damaged (short) dump would leave pg_restore waiting for more forever.
   */
  static List<String> restore(String options) {
    return List.of(
        "sh",
        "-c",
        "head -c \"$SHIPSHAPE_BYTES\" | pg_restore --exit-on-error "
            + options
            + " -d \"$PGDATABASE\"");
  }

  static Map<String, String> withBytes(Map<String, String> env, Long bytes) {
    Map<String, String> all = new TreeMap<>(env);
    all.put("SHIPSHAPE_BYTES", String.valueOf(bytes == null ? 0 : bytes));
    return all;
  }

  /** The libpq environment for the container's own database and user. */
  static Map<String, String> clientEnv(Map<String, String> containerEnv) {
    String user = containerEnv.getOrDefault("POSTGRES_USER", "postgres");
    String db = containerEnv.getOrDefault("POSTGRES_DB", user);
    Map<String, String> env = new TreeMap<>();
    env.put("PGUSER", user);
    env.put("PGDATABASE", db);
    String password = containerEnv.get("POSTGRES_PASSWORD");
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    return env;
  }

  /** The scratch server's env: same user and database as the backup's, a throw-away password. */
  static Map<String, String> serverEnv(Backup backup, String password) {
    String user = backup.dbUser != null ? backup.dbUser : "postgres";
    String db = backup.dbName != null ? backup.dbName : user;
    // A scratch server is thrown away after the count: initdb need not wait for the disk (about
    // half of its time here). Official postgres images read POSTGRES_INITDB_ARGS, as ours do.
    return Map.of(
        "POSTGRES_USER",
        user,
        "POSTGRES_DB",
        db,
        "POSTGRES_PASSWORD",
        password,
        "POSTGRES_INITDB_ARGS",
        "--no-sync");
  }

  /** Parses {@code schema.table<TAB>rows} lines. */
  static Map<String, Long> parseCounts(List<String> lines) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines) {
      int tab = line.lastIndexOf('\t');
      if (tab <= 0) {
        continue;
      }
      try {
        counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).strip()));
      } catch (NumberFormatException e) {
        throw new BackupFailure("dump", "unexpected row count line: " + line);
      }
    }
    return counts;
  }
}
