package dev.shipshape.planner.saga;

import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every wait has an end: a step or backup whose answer did not come in time fails with a reason
 * that says who did not answer. Each overdue item is handled in its own transaction with its update
 * locked and its deadline checked again, so several planners may run this at once.
 */
@ApplicationScoped
public class Deadlines {
  private static final Logger LOG = Logger.getLogger(Deadlines.class);

  private final UpdateRequestRepository updates;
  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;
  private final SagaEvents events;
  private final Compensation compensation;
  private final SagaSettings settings;

  public Deadlines(
      UpdateRequestRepository updates,
      UpdateStepRepository steps,
      UpdateBackupRepository backups,
      SagaEvents events,
      Compensation compensation,
      SagaSettings settings) {
    this.updates = updates;
    this.steps = steps;
    this.backups = backups;
    this.events = events;
    this.compensation = compensation;
    this.settings = settings;
  }

  @Scheduled(
      every = "${shipshape.planner.deadline-check:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void check() {
    try {
      Instant now = Instant.now();
      List<Long> overdueSteps =
          QuarkusTransaction.requiringNew()
              .call(() -> steps.overdue(now).stream().map(s -> s.id).toList());
      overdueSteps.forEach(this::step);
      List<Long> overdueBackups =
          QuarkusTransaction.requiringNew()
              .call(() -> backups.overdue(now).stream().map(b -> b.id).toList());
      overdueBackups.forEach(this::backup);
      List<String> unconfirmed =
          QuarkusTransaction.requiringNew()
              .call(() -> updates.overdueVerification(now).stream().map(u -> u.updateId).toList());
      unconfirmed.forEach(
          id ->
              QuarkusTransaction.requiringNew()
                  .run(() -> events.with(id, compensation::checkDone)));
    } catch (RuntimeException e) {
      LOG.warnf("deadline check will retry: %s", e.getMessage());
    }
  }

  private void step(Long id) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              String updateId = steps.findById(id).updateId;
              events.with(
                  updateId,
                  u -> {
                    UpdateStep s = steps.findById(id);
                    if (s.deadline == null || s.deadline.isAfter(Instant.now())) {
                      return;
                    }
                    switch (s.state) {
                      case DEPLOYING ->
                          events.failDeploy(
                              u,
                              s,
                              "timeout: no deploy.done from "
                                  + s.host
                                  + " within "
                                  + settings.deployTimeout()
                                  + " (is its deployer agent running?)");
                      case DEPLOYED -> {
                        s.deadline = null;
                        s.reason = "no release.verified in time (is the monitor running?)";
                        if ("RUNNING".equals(u.status)) {
                          compensation.start(
                              u,
                              false,
                              "timeout",
                              s,
                              s.host,
                              s.service + ": " + s.reason,
                              null,
                              null);
                        }
                      }
                      case ROLLING_BACK ->
                          events.failRollback(
                              u,
                              s,
                              "timeout: no rollback.done from "
                                  + s.host
                                  + " within "
                                  + settings.rollbackTimeout());
                      default -> s.deadline = null;
                    }
                  });
            });
  }

  private void backup(Long id) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              String updateId = backups.findById(id).updateId;
              events.with(
                  updateId,
                  u -> {
                    UpdateBackup b = backups.findById(id);
                    if (b.deadline == null || b.deadline.isAfter(Instant.now())) {
                      return;
                    }
                    if (b.state == UpdateBackup.State.REQUESTED) {
                      events.failBackup(
                          u,
                          b,
                          "timeout: no backup.verified within "
                              + settings.backupTimeout()
                              + " (is the backup service running?)");
                    } else if (b.state == UpdateBackup.State.RESTORING) {
                      events.failRestore(
                          u, b, "timeout: no restore.done within " + settings.restoreTimeout());
                    } else {
                      b.deadline = null;
                    }
                  });
            });
  }
}
