package dev.shipshape.planner.plan;

import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeService;
import dev.shipshape.planner.persistence.UpdateBackup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which backups an update needs before it changes each host: every stateful service it changes, and
 * for a migration also the stateful services the migrating one depends on (its data lives there). A
 * migration that is not backward-compatible marks its backups for restore on rollback. Steps are
 * numbered in plan order, as the saga numbers them. Pure logic.
 */
public final class BackupPlan {
  private BackupPlan() {}

  public static List<UpdateBackup> backups(
      String stack, ComposeFile compose, UpdateRequested request, List<Wave> plan) {
    return backups(stack, compose, request, plan, (host, service) -> null);
  }

  /** As above; a service that does not run on a host yet (a first deploy) has nothing to save. */
  public static List<UpdateBackup> backups(
      String stack,
      ComposeFile compose,
      UpdateRequested request,
      List<Wave> plan,
      Planner.Running running) {
    Map<String, UpdateBackup> wanted = new LinkedHashMap<>();
    int seq = 0;
    for (Wave wave : plan) {
      for (PlannedStep step : wave.steps()) {
        int stepSeq = seq++;
        ServiceChange change = request.services().get(step.service());
        Migration migration = change == null ? null : change.migration();
        boolean migrates = migration != null && migration.present();
        boolean restore = migrates && !migration.backwardCompatible();
        Set<String> services = new LinkedHashSet<>();
        if (step.stateful()) {
          services.add(step.service());
        }
        if (migrates) {
          services.addAll(statefulDependencies(compose, step.service()));
        }
        services.removeIf(name -> running.spec(step.host(), name) == Planner.Running.ABSENT);
        for (String name : services) {
          String key = wave.index() + "/" + step.host() + "/" + name;
          UpdateBackup b =
              wanted.computeIfAbsent(
                  key, k -> backup(stack, compose.services().get(name), wave.index(), step.host()));
          if (restore && b.restoreForSeq == null) {
            b.restoreForSeq = stepSeq;
          }
        }
      }
    }
    return List.copyOf(wanted.values());
  }

  /** Every stateful service the given one depends on, directly or not. */
  static Set<String> statefulDependencies(ComposeFile compose, String service) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(compose.services().get(service).dependsOn().keySet());
    while (!todo.isEmpty()) {
      String next = todo.pop();
      ComposeService s = compose.services().get(next);
      if (s != null && seen.add(next)) {
        todo.addAll(s.dependsOn().keySet());
      }
    }
    seen.removeIf(name -> !compose.services().get(name).stateful());
    return seen;
  }

  private static UpdateBackup backup(String stack, ComposeService s, int wave, String host) {
    UpdateBackup b = new UpdateBackup();
    b.wave = wave;
    b.host = host;
    b.service = s.name();
    b.kind = kind(s);
    b.mode = "cold".equalsIgnoreCase(s.backupMode()) ? "cold" : "hot";
    b.container = ServiceSpecs.containerName(stack, s);
    b.image = s.image();
    b.state = UpdateBackup.State.PENDING;
    return b;
  }

  /** A logical dump for Postgres, the snapshot API for vector stores that have one, else files. */
  public static String kind(ComposeService s) {
    String image = s.image().toLowerCase(Locale.ROOT);
    if ("snapshot".equalsIgnoreCase(s.backupMode()) || image.contains("qdrant")) {
      return "snapshot";
    }
    return image.contains("postgres") ? "postgres" : "volume";
  }
}
