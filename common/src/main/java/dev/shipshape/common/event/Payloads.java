package dev.shipshape.common.event;

import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Parts.Latency;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.Wave;
import java.util.List;
import java.util.Map;

/**
 * One payload record per topic, each with the factories its producers and the tests build it by:
 * the contract between the services. Longer than a class should be, on purpose: the whole contract
 * in one place reads as the AsyncAPI document does, and a record moved to its own file would hide
 * which topic it belongs to. No constructor is called outside its record ({@code
 * EventFactoriesTest}).
 */
public final class Payloads {
  private Payloads() {}

  /** Somebody asks for a stack to move to new images or config. */
  public record UpdateRequested(
      String requestId,
      String stack,
      Map<String, ServiceChange> services,
      @Nullable List<String> hosts,
      @Nullable Rollout rollout,
      String requestedBy,
      @Nullable String reason)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static UpdateRequested of(
        String requestId,
        String stack,
        Map<String, ServiceChange> services,
        @Nullable List<String> hosts,
        @Nullable Rollout rollout,
        String requestedBy,
        @Nullable String reason) {
      return new UpdateRequested(requestId, stack, services, hosts, rollout, requestedBy, reason);
    }
  }

  /** The request was refused before anything changed; every problem is listed. */
  public record UpdateRejected(String requestId, String stack, List<Problem> problems)
      implements Payload {
    public static UpdateRejected of(String requestId, String stack, List<Problem> problems) {
      return new UpdateRejected(requestId, stack, List.copyOf(problems));
    }
  }

  /** The ordered plan: waves of hosts, each with its tier-ordered steps. */
  public record UpdatePlanned(
      String stack, String environment, List<Wave> waves, @Nullable Integer totalSteps)
      implements Payload {
    /** More steps than this are left out of the event; GET /api/updates/{id} has them all. */
    public static final int MAX_STEPS = 200;

    /** The plan as an event small enough for any broker: at most MAX_STEPS steps listed. */
    public static UpdatePlanned of(String stack, String environment, List<Wave> waves) {
      int total = waves.stream().mapToInt(w -> w.steps().size()).sum();
      int left = MAX_STEPS;
      List<Wave> shown = new java.util.ArrayList<>();
      for (Wave w : waves) {
        int keep = Math.min(left, w.steps().size());
        shown.add(
            new Wave(w.index(), w.canary(), w.hosts(), List.copyOf(w.steps().subList(0, keep))));
        left -= keep;
      }
      return new UpdatePlanned(stack, environment, shown, total);
    }
  }

  /**
   * Back up one stateful service on one host before it changes. {@code mode} is {@code hot} (the
   * default) or {@code cold} (stop the container while its volumes are archived).
   */
  public record BackupRequested(
      String stack,
      String host,
      String service,
      String kind,
      String container,
      String image,
      @Nullable String mode)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static BackupRequested of(
        String stack,
        String host,
        String service,
        String kind,
        String container,
        String image,
        @Nullable String mode) {
      return new BackupRequested(stack, host, service, kind, container, image, mode);
    }
  }

  /** A backup was stored, restored into a scratch instance and found to match. */
  public record BackupVerified(
      String backupId,
      String stack,
      String host,
      String service,
      String kind,
      String objectKey,
      long sizeBytes,
      String sha256,
      Map<String, Long> captured)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static BackupVerified of(
        String backupId,
        String stack,
        String host,
        String service,
        String kind,
        String objectKey,
        long sizeBytes,
        String sha256,
        Map<String, Long> captured) {
      return new BackupVerified(
          backupId, stack, host, service, kind, objectKey, sizeBytes, sha256, captured);
    }
  }

  /** A backup could not be taken or failed a check; the update must not go on. */
  public record BackupFailed(
      String stack,
      String host,
      String service,
      String check,
      String reason,
      @Nullable String evidence,
      @Nullable String backupId)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static BackupFailed of(
        String stack,
        String host,
        String service,
        String check,
        String reason,
        @Nullable String evidence,
        @Nullable String backupId) {
      return new BackupFailed(stack, host, service, check, reason, evidence, backupId);
    }
  }

  /** Deploy one service on one host to the given spec. */
  public record DeployRequested(
      String stack,
      String host,
      String service,
      ServiceSpec spec,
      Strategy strategy,
      boolean preflight,
      @Nullable Migration migration)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static DeployRequested of(
        String stack,
        String host,
        String service,
        ServiceSpec spec,
        Strategy strategy,
        boolean preflight,
        @Nullable Migration migration) {
      return new DeployRequested(stack, host, service, spec, strategy, preflight, migration);
    }
  }

  /** The new container runs and is healthy; {@code swap} says how it replaced the old one. */
  public record DeployDone(
      String stack,
      String host,
      String service,
      @Nullable String previousImage,
      @Nullable String previousDigest,
      String image,
      String digest,
      List<ConfigChange> configDiff,
      Map<String, Long> phaseMillis,
      @Nullable SwapChoice swap)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static DeployDone of(
        String stack,
        String host,
        String service,
        @Nullable String previousImage,
        @Nullable String previousDigest,
        String image,
        String digest,
        List<ConfigChange> configDiff,
        Map<String, Long> phaseMillis,
        @Nullable SwapChoice swap) {
      return new DeployDone(
          stack,
          host,
          service,
          previousImage,
          previousDigest,
          image,
          digest,
          configDiff,
          phaseMillis,
          swap);
    }
  }

  /** The deploy failed; the old container runs again and the new one is gone. */
  public record DeployFailed(
      String stack,
      String host,
      String service,
      String image,
      String phase,
      String reason,
      @Nullable List<ConfigChange> configDiff,
      @Nullable String logTail)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static DeployFailed of(
        String stack,
        String host,
        String service,
        String image,
        String phase,
        String reason,
        @Nullable List<ConfigChange> configDiff,
        @Nullable String logTail) {
      return new DeployFailed(stack, host, service, image, phase, reason, configDiff, logTail);
    }
  }

  /** One check of one service during a window, compact enough to draw a fleet from. */
  public record MonitorHealth(
      String host,
      String service,
      @Nullable String digest,
      String verdict,
      Map<String, String> checks,
      @Nullable Latency latency,
      double errorLinesPerMinute,
      @Nullable Double cpuPercent,
      @Nullable Long memoryBytes,
      @Nullable Long memoryLimitBytes,
      @Nullable Boolean oomKilled,
      @Nullable String image)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static MonitorHealth of(
        String host,
        String service,
        @Nullable String digest,
        String verdict,
        Map<String, String> checks,
        @Nullable Latency latency,
        double errorLinesPerMinute,
        @Nullable Double cpuPercent,
        @Nullable Long memoryBytes,
        @Nullable Long memoryLimitBytes,
        @Nullable Boolean oomKilled,
        @Nullable String image) {
      return new MonitorHealth(
          host,
          service,
          digest,
          verdict,
          checks,
          latency,
          errorLinesPerMinute,
          cpuPercent,
          memoryBytes,
          memoryLimitBytes,
          oomKilled,
          image);
    }
  }

  /** A window passed clean: this release is now known-good. */
  public record ReleaseVerified(
      String stack, String host, String service, String image, String digest, String window)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static ReleaseVerified of(
        String stack, String host, String service, String image, String digest, String window) {
      return new ReleaseVerified(stack, host, service, image, digest, window);
    }
  }

  /** Return a service on a host to its known-good release. */
  public record RollbackTriggered(
      String stack,
      String host,
      String service,
      boolean manual,
      String criterion,
      @Nullable String evidence,
      @Nullable String targetImage,
      @Nullable String targetDigest,
      String requestedBy)
      implements Payload {
    /** The criterion of the planner's undo of a step because another one failed. */
    public static final String COMPENSATION = "compensation";

    /** The criterion of a rollback an operator asked for. */
    public static final String MANUAL = "manual";

    /** Who the monitor's own rollbacks name as their requester. */
    public static final String MONITOR = "monitor";

    /** The monitor's rollback of a release whose window breached a criterion. */
    public static RollbackTriggered byMonitor(
        String stack,
        String host,
        String service,
        String criterion,
        @Nullable String evidence,
        @Nullable String targetImage,
        @Nullable String targetDigest) {
      return new RollbackTriggered(
          stack, host, service, false, criterion, evidence, targetImage, targetDigest, MONITOR);
    }

    /**
     * An operator's rollback (the planner's {@code POST /api/updates/{id}/rollback}, the CLI's
     * {@code rollback}), one per step it undoes: each is an incident of its own at the monitor.
     */
    public static RollbackTriggered byOperator(
        String stack,
        String host,
        String service,
        String reason,
        @Nullable String targetImage,
        @Nullable String targetDigest,
        String operator) {
      return new RollbackTriggered(
          stack, host, service, true, MANUAL, reason, targetImage, targetDigest, operator);
    }

    /**
     * The planner undoing a step because another one failed: part of the incident of that failure,
     * not one of its own.
     */
    public static RollbackTriggered compensation(
        String stack,
        String host,
        String service,
        String why,
        @Nullable String targetImage,
        @Nullable String targetDigest,
        String planner) {
      return new RollbackTriggered(
          stack, host, service, true, COMPENSATION, why, targetImage, targetDigest, planner);
    }
  }

  /** The known-good release runs again; {@code swap} is absent when no container was swapped. */
  public record RollbackDone(
      String stack,
      String host,
      String service,
      @Nullable String fromDigest,
      String toDigest,
      Map<String, Long> phaseMillis,
      @Nullable SwapChoice swap)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RollbackDone of(
        String stack,
        String host,
        String service,
        @Nullable String fromDigest,
        String toDigest,
        Map<String, Long> phaseMillis,
        @Nullable SwapChoice swap) {
      return new RollbackDone(stack, host, service, fromDigest, toDigest, phaseMillis, swap);
    }
  }

  /** The rollback itself failed; an operator is needed. */
  public record RollbackFailed(String stack, String host, String service, String reason)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RollbackFailed of(String stack, String host, String service, String reason) {
      return new RollbackFailed(stack, host, service, reason);
    }
  }

  /** The symptom that triggered the rollback has stopped. */
  public record RollbackVerified(
      String stack, String host, String service, String criterion, long confirmedAfterMillis)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RollbackVerified of(
        String stack, String host, String service, String criterion, long confirmedAfterMillis) {
      return new RollbackVerified(stack, host, service, criterion, confirmedAfterMillis);
    }
  }

  /** The symptom went on after the rollback: the deploy was not the cause. */
  public record RollbackUnresolved(
      String stack, String host, String service, String criterion, @Nullable String evidence)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RollbackUnresolved of(
        String stack, String host, String service, String criterion, @Nullable String evidence) {
      return new RollbackUnresolved(stack, host, service, criterion, evidence);
    }
  }

  /** Put a service's data back from a verified backup. */
  public record RestoreRequested(
      String stack, String host, String service, String backupId, String reason)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RestoreRequested of(
        String stack, String host, String service, String backupId, String reason) {
      return new RestoreRequested(stack, host, service, backupId, reason);
    }
  }

  /** The data is back as the backup captured it. */
  public record RestoreDone(
      String stack, String host, String service, String backupId, long durationMillis)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RestoreDone of(
        String stack, String host, String service, String backupId, long durationMillis) {
      return new RestoreDone(stack, host, service, backupId, durationMillis);
    }
  }

  /** The data could not be restored. */
  public record RestoreFailed(
      String stack, String host, String service, String backupId, String reason)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static RestoreFailed of(
        String stack, String host, String service, String backupId, String reason) {
      return new RestoreFailed(stack, host, service, backupId, reason);
    }
  }

  /** How an update ended. */
  public record UpdateCompleted(String stack, String outcome, String summary, long durationMillis)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static UpdateCompleted of(
        String stack, String outcome, String summary, long durationMillis) {
      return new UpdateCompleted(stack, outcome, summary, durationMillis);
    }
  }

  /** A message that could not be parsed or validated, kept with the reason. */
  public record DeadLetter(
      String sourceTopic,
      String consumer,
      String reason,
      @Nullable String key,
      @Nullable String value,
      int partition,
      long offset)
      implements Payload {
    /** The event as its producer sends it; tests build theirs here too. */
    public static DeadLetter of(
        String sourceTopic,
        String consumer,
        String reason,
        @Nullable String key,
        @Nullable String value,
        int partition,
        long offset) {
      return new DeadLetter(sourceTopic, consumer, reason, key, value, partition, offset);
    }
  }

  /** Which payload record each topic carries. */
  public static final Map<String, Class<? extends Payload>> BY_TOPIC =
      Map.ofEntries(
          Map.entry(Topics.UPDATE_REQUESTED, UpdateRequested.class),
          Map.entry(Topics.UPDATE_REJECTED, UpdateRejected.class),
          Map.entry(Topics.UPDATE_PLANNED, UpdatePlanned.class),
          Map.entry(Topics.BACKUP_REQUESTED, BackupRequested.class),
          Map.entry(Topics.BACKUP_VERIFIED, BackupVerified.class),
          Map.entry(Topics.BACKUP_FAILED, BackupFailed.class),
          Map.entry(Topics.DEPLOY_REQUESTED, DeployRequested.class),
          Map.entry(Topics.DEPLOY_DONE, DeployDone.class),
          Map.entry(Topics.DEPLOY_FAILED, DeployFailed.class),
          Map.entry(Topics.MONITOR_HEALTH, MonitorHealth.class),
          Map.entry(Topics.RELEASE_VERIFIED, ReleaseVerified.class),
          Map.entry(Topics.ROLLBACK_TRIGGERED, RollbackTriggered.class),
          Map.entry(Topics.ROLLBACK_DONE, RollbackDone.class),
          Map.entry(Topics.ROLLBACK_FAILED, RollbackFailed.class),
          Map.entry(Topics.ROLLBACK_VERIFIED, RollbackVerified.class),
          Map.entry(Topics.ROLLBACK_UNRESOLVED, RollbackUnresolved.class),
          Map.entry(Topics.RESTORE_REQUESTED, RestoreRequested.class),
          Map.entry(Topics.RESTORE_DONE, RestoreDone.class),
          Map.entry(Topics.RESTORE_FAILED, RestoreFailed.class),
          Map.entry(Topics.UPDATE_COMPLETED, UpdateCompleted.class),
          Map.entry(Topics.DEAD_LETTER, DeadLetter.class));

  /** The topic that carries a payload type. */
  public static String topicOf(Class<? extends Payload> type) {
    return BY_TOPIC.entrySet().stream()
        .filter(e -> e.getValue().equals(type))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no topic carries " + type.getName()));
  }
}
