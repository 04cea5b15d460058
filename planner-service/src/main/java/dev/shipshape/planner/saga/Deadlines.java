package dev.shipshape.planner.saga;

import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import dev.shipshape.planner.saga.rules.Fact;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every wait has an end: finds the steps, backups and confirmations whose answer did not come in
 * time and tells their update, each in its own transaction with the update locked (the rules check
 * the deadline again), so several planners may run this at once.
 */
@ApplicationScoped
public class Deadlines {
  private static final Logger LOG = Logger.getLogger(Deadlines.class);

  private final UpdateRequestRepository updates;
  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;
  private final UpdateSaga saga;

  public Deadlines(
      UpdateRequestRepository updates,
      UpdateStepRepository steps,
      UpdateBackupRepository backups,
      UpdateSaga saga) {
    this.updates = updates;
    this.steps = steps;
    this.backups = backups;
    this.saga = saga;
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
      overdueSteps.forEach(id -> tell(() -> steps.findById(id).updateId, new Fact.StepOverdue(id)));
      List<Long> overdueBackups =
          QuarkusTransaction.requiringNew()
              .call(() -> backups.overdue(now).stream().map(b -> b.id).toList());
      overdueBackups.forEach(
          id -> tell(() -> backups.findById(id).updateId, new Fact.BackupOverdue(id)));
      List<String> unconfirmed =
          QuarkusTransaction.requiringNew()
              .call(() -> updates.overdueVerification(now).stream().map(u -> u.updateId).toList());
      unconfirmed.forEach(id -> tell(() -> id, new Fact.VerificationOverdue()));
    } catch (RuntimeException e) {
      LOG.warnf("deadline check will retry: %s", e.getMessage());
    }
  }

  private void tell(java.util.function.Supplier<String> updateId, Fact fact) {
    QuarkusTransaction.requiringNew().run(() -> saga.handle(updateId.get(), fact));
  }
}
