package dev.shipshape.deployer.job;

import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.common.job.JobRunner;
import dev.shipshape.common.persistence.DatabaseFailures;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Runs this host's deploys and rollbacks one at a time, oldest first, so each host's commands stay
 * ordered. On start, and after the database went away under a job, it first reconciles the jobs
 * left in the middle (running, by a previous run or by this one), so no job is stuck and none runs
 * twice.
 */
@Singleton
public class JobWorker extends JobRunner<DeployJob> {
  private final DeployJobRepository jobs;
  private final DeployProcedure deploys;
  private final RollbackProcedure rollbacks;
  private final Reconciler reconciler;
  private final DeployJobEvents events;

  public JobWorker(
      DeployJobRepository jobs,
      DeployProcedure deploys,
      RollbackProcedure rollbacks,
      Reconciler reconciler,
      DeployJobEvents events) {
    super("deploy-worker");
    this.jobs = jobs;
    this.deploys = deploys;
    this.rollbacks = rollbacks;
    this.reconciler = reconciler;
    this.events = events;
  }

  @Scheduled(every = "${shipshape.deployer.poll-interval:2s}")
  void poll() {
    kick();
  }

  @Override
  protected Optional<DeployJob> next() {
    return QuarkusTransaction.requiringNew().call(jobs::nextPending);
  }

  @Override
  protected void recoverFromCrash() {
    reconcileInterrupted();
  }

  @Override
  protected void recoverFromFailedDrain() {
    reconcileInterrupted();
  }

  private void reconcileInterrupted() {
    // No job runs now (there is one worker thread): a RUNNING one was interrupted.
    QuarkusTransaction.requiringNew().call(jobs::interrupted).forEach(reconciler::reconcile);
  }

  @Override
  protected void run(DeployJob job) {
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
      events.finish(
          job,
          Status.FAILED,
          reason,
          job.kind == Kind.DEPLOY
              ? DeployFailed.of(
                  job.stack, job.host, job.service, job.image, "start", reason, null, null)
              : RollbackFailed.of(job.stack, job.host, job.service, reason));
    }
  }
}
