package dev.shipshape.common.event;

import java.util.List;

/**
 * Every Kafka topic of the suite. The channel name is the topic name, so code and tests share these
 * constants.
 */
public final class Topics {
  public static final String UPDATE_REQUESTED = "update.requested";
  public static final String UPDATE_REJECTED = "update.rejected";
  public static final String UPDATE_PLANNED = "update.planned";
  public static final String BACKUP_REQUESTED = "backup.requested";
  public static final String BACKUP_VERIFIED = "backup.verified";
  public static final String BACKUP_FAILED = "backup.failed";
  public static final String DEPLOY_REQUESTED = "deploy.requested";
  public static final String DEPLOY_DONE = "deploy.done";
  public static final String DEPLOY_FAILED = "deploy.failed";
  public static final String MONITOR_HEALTH = "monitor.health";
  public static final String RELEASE_VERIFIED = "release.verified";
  public static final String ROLLBACK_TRIGGERED = "rollback.triggered";
  public static final String ROLLBACK_DONE = "rollback.done";
  public static final String ROLLBACK_FAILED = "rollback.failed";
  public static final String ROLLBACK_VERIFIED = "rollback.verified";
  public static final String ROLLBACK_UNRESOLVED = "rollback.unresolved";
  public static final String RESTORE_REQUESTED = "restore.requested";
  public static final String RESTORE_DONE = "restore.done";
  public static final String RESTORE_FAILED = "restore.failed";
  public static final String UPDATE_COMPLETED = "update.completed";
  public static final String DEAD_LETTER = "shipshape.dead-letter";

  public static final List<String> ALL =
      List.of(
          UPDATE_REQUESTED,
          UPDATE_REJECTED,
          UPDATE_PLANNED,
          BACKUP_REQUESTED,
          BACKUP_VERIFIED,
          BACKUP_FAILED,
          DEPLOY_REQUESTED,
          DEPLOY_DONE,
          DEPLOY_FAILED,
          MONITOR_HEALTH,
          RELEASE_VERIFIED,
          ROLLBACK_TRIGGERED,
          ROLLBACK_DONE,
          ROLLBACK_FAILED,
          ROLLBACK_VERIFIED,
          ROLLBACK_UNRESOLVED,
          RESTORE_REQUESTED,
          RESTORE_DONE,
          RESTORE_FAILED,
          UPDATE_COMPLETED,
          DEAD_LETTER);

  private Topics() {}
}
