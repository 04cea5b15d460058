package dev.shipshape.backup.postgres;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.engine.MarkedLines;
import dev.shipshape.backup.job.BackupMethod;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.common.engine.Exec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Postgres by logical dump inside the service's own container: one exec holds a repeatable-read
 * transaction, exports its snapshot and counts every table's rows in it, then runs {@code pg_dump
 * -Fc --snapshot} so the dump holds exactly what was counted. Verification restores the dump with
 * {@code pg_restore} into a scratch container of the same image and counts again.
 */
@ApplicationScoped
public class PostgresMethod implements BackupMethod {
  static final String MARK = "shipshape-count\t";

  private final Containers containers;
  private final BackupSettings settings;

  public PostgresMethod(Containers containers, BackupSettings settings) {
    this.containers = containers;
    this.settings = settings;
  }

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public Capture take(Target target, OutputStream out) {
    requireRunning(target);
    MarkedLines counts = new MarkedLines(MARK);
    Exec.Result result =
        Exec.run(
            target.docker(),
            target.container().getId(),
            List.of("bash", "-c", PostgresScripts.DUMP),
            PostgresScripts.clientEnv(Containers.env(target.container())),
            null,
            out,
            counts,
            settings.jobTimeout());
    if (!result.ok()) {
      throw new BackupFailure(
          "dump",
          "pg_dump in "
              + target.name()
              + " on "
              + target.host()
              + " failed ("
              + result.describe()
              + ")",
          result.stderrTail());
    }
    return new Capture(PostgresScripts.parseCounts(counts.lines()), Map.of());
  }

  @Override
  public Capture restoreIntoScratch(DockerClient docker, Backup backup, InputStream stored) {
    Map<String, String> env = PostgresScripts.serverEnv(backup, UUID.randomUUID().toString());
    String id =
        containers.startScratch(
            docker,
            backup.imageId != null ? backup.imageId : backup.image,
            "shipshape-scratch-" + backup.id.substring(0, 8) + "-" + shortId(),
            env,
            List.of(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off"));
    try {
      awaitAcceptingTcp(docker, id);
      Map<String, String> client = PostgresScripts.clientEnv(env);
      Exec.Result restored =
          Exec.run(
              docker,
              id,
              PostgresScripts.restore("--no-owner --no-acl"),
              PostgresScripts.withBytes(client, backup.sizeBytes),
              stored,
              OutputStream.nullOutputStream(),
              settings.jobTimeout());
      if (!restored.ok()) {
        throw new BackupFailure(
            "restore",
            "pg_restore into a scratch container of "
                + backup.image
                + " failed ("
                + restored.describe()
                + ")",
            restored.stderrTail());
      }
      return new Capture(count(docker, id, client, "restore"), Map.of());
    } finally {
      containers.removeScratch(docker, id);
    }
  }

  @Override
  public Capture restoreLive(Target target, Backup backup, InputStream stored) {
    requireRunning(target);
    Map<String, String> client = PostgresScripts.clientEnv(Containers.env(target.container()));
    String id = target.container().getId();
    // A logical restore replaces the database: its clients are cut off, it is dropped and made
    // anew.
    Exec.Captured recreated =
        Exec.capture(
            target.docker(),
            id,
            List.of("bash", "-c", PostgresScripts.RECREATE),
            client,
            settings.readyTimeout());
    if (!recreated.result().ok()) {
      throw new BackupFailure(
          "restore",
          "could not recreate database " + client.get("PGDATABASE") + " in " + target.name(),
          recreated.result().stderrTail() + recreated.stdout());
    }
    Exec.Result restored =
        Exec.run(
            target.docker(),
            id,
            PostgresScripts.restore(""),
            PostgresScripts.withBytes(client, backup.sizeBytes),
            stored,
            OutputStream.nullOutputStream(),
            settings.jobTimeout());
    if (!restored.ok()) {
      throw new BackupFailure(
          "restore",
          "pg_restore into " + target.name() + " failed (" + restored.describe() + ")",
          restored.stderrTail());
    }
    return new Capture(count(target.docker(), id, client, "compare"), Map.of());
  }

  private Map<String, Long> count(
      DockerClient docker, String id, Map<String, String> client, String check) {
    Exec.Captured counted =
        Exec.capture(
            docker,
            id,
            List.of("bash", "-c", PostgresScripts.COUNT),
            client,
            settings.jobTimeout());
    if (!counted.result().ok()) {
      throw new BackupFailure(
          check,
          "could not count the restored tables (" + counted.result().describe() + ")",
          counted.result().stderrTail());
    }
    return PostgresScripts.parseCounts(
        counted
            .stdout()
            .lines()
            .map(l -> l.startsWith(MARK) ? l.substring(MARK.length()) : null)
            .filter(l -> l != null)
            .toList());
  }

  private void awaitAcceptingTcp(DockerClient docker, String id) {
    containers.awaitReady(docker, id, "restore", List.of("pg_isready", "-q", "-h", "127.0.0.1"));
  }

  private static void requireRunning(Target target) {
    if (!Boolean.TRUE.equals(target.container().getState().getRunning())) {
      throw new BackupFailure(
          "container", "container " + target.name() + " on " + target.host() + " is not running");
    }
  }

  /** The stderr tail without the count lines the script marks for us. */
  static String withoutMarks(String tail) {
    return tail.lines()
        .filter(l -> !l.startsWith(MARK))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
