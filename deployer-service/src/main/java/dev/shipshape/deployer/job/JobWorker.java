package dev.shipshape.deployer.job;

import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.common.persistence.DatabaseFailures;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs this host's jobs one at a time, oldest first, so each host's commands stay ordered. On
 * start, and after the database went away under a job, it first reconciles the jobs left in the
 * middle (running, by a previous run or by this one), so no job is stuck and none runs twice.
 */
@ApplicationScoped
public class JobWorker {
  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  /** Fired when a job is queued; the worker wakes after the transaction commits. */
  public record Queued() {}

  private final DeployJobRepository jobs;
  private final DeployProcedure deploys;
  private final RollbackProcedure rollbacks;
  private final Reconciler reconciler;
  private final Reports reports;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "deploy-worker"));
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  // Only the worker thread reads and writes it.
  private boolean reconcileFirst = true;

  public JobWorker(
      DeployJobRepository jobs,
      DeployProcedure deploys,
      RollbackProcedure rollbacks,
      Reconciler reconciler,
      Reports reports) {
    this.jobs = jobs;
    this.deploys = deploys;
    this.rollbacks = rollbacks;
    this.reconciler = reconciler;
    this.reports = reports;
  }

  void start(@Observes StartupEvent event) {
    kick();
  }

  void stop(@Observes ShutdownEvent event) {
    thread.shutdownNow();
  }

  void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
    kick();
  }

  @Scheduled(every = "${shipshape.deployer.poll-interval:2s}")
  void poll() {
    kick();
  }

  private void kick() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        thread.submit(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false); // shutting down: the next start drains what is left
      }
    }
  }

  private void drain() {
    drainScheduled.set(false);
    try {
      if (reconcileFirst) {
        // No job runs now (this is the only worker thread): a RUNNING one was interrupted.
        QuarkusTransaction.requiringNew().call(jobs::interrupted).forEach(reconciler::reconcile);
        reconcileFirst = false;
      }
      Optional<DeployJob> next;
      while ((next = QuarkusTransaction.requiringNew().call(jobs::nextPending)).isPresent()) {
        run(next.get());
      }
    } catch (RuntimeException e) {
      reconcileFirst = true;
      LOG.errorf(e, "deploy worker failed; reconciling and retrying on the next poll");
    }
  }

  private void run(DeployJob job) {
    try {
      if (job.kind == Kind.DEPLOY) {
        deploys.run(job);
      } else {
        rollbacks.run(job);
      }
    } catch (RuntimeException e) {
      if (DatabaseFailures.unavailable(e)) {
        throw e; // not the job's fault: it is reconciled once the database answers again
      }
      // A job that cannot even be read must not block the ones behind it.
      String reason = "could not run the " + job.kind.name().toLowerCase() + ": " + e.getMessage();
      reports.finish(
          job,
          Status.FAILED,
          reason,
          job.kind == Kind.DEPLOY
              ? new DeployFailed(
                  job.stack, job.host, job.service, job.image, "start", reason, null, null)
              : new RollbackFailed(job.stack, job.host, job.service, reason));
    }
  }
}
