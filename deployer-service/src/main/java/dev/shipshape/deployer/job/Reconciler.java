package dev.shipshape.deployer.job;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.deployer.engine.ContainerEngine;
import dev.shipshape.deployer.engine.HealthGate;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import dev.shipshape.deployer.persistence.Release;
import dev.shipshape.deployer.persistence.ReleaseRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * After a restart, finishes or undoes the swap a job was in the middle of, so that exactly one
 * version of the service runs, it is recorded, and the job's outcome is reported. The journal says
 * which job; the engine's containers ({@code name}, {@code name--next}, {@code name--prev}) say how
 * far it got.
 */
@ApplicationScoped
public class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class);

  private final ContainerEngine engine;
  private final HealthGate gate;
  private final Swap swap;
  private final DeployProcedure deploys;
  private final RollbackProcedure rollbacks;
  private final ReleaseRepository releases;
  private final DeployJobRepository jobs;
  private final DeployJobEvents events;

  public Reconciler(
      ContainerEngine engine,
      HealthGate gate,
      Swap swap,
      DeployProcedure deploys,
      RollbackProcedure rollbacks,
      ReleaseRepository releases,
      DeployJobRepository jobs,
      DeployJobEvents events) {
    this.engine = engine;
    this.gate = gate;
    this.swap = swap;
    this.deploys = deploys;
    this.rollbacks = rollbacks;
    this.releases = releases;
    this.jobs = jobs;
    this.events = events;
  }

  public void reconcile(DeployJob job) {
    LOG.infof(
        "update %s: reconciling %s of %s interrupted at %s",
        job.updateId, job.kind, job.service, job.phase);
    if (job.containerName == null) {
      requeue(job, "nothing had changed yet");
      return;
    }
    String name = job.containerName;
    Optional<InspectContainerResponse> live = engine.find(name);
    Optional<InspectContainerResponse> next = engine.find(Swap.next(name));
    Optional<InspectContainerResponse> parked = engine.find(Swap.parked(name));
    try {
      if (next.isPresent()) {
        finishOrUndo(job, name, live, next.get(), parked);
      } else if (live.isPresent()
          && job.targetImageId != null
          && job.targetImageId.equals(live.get().getImageId())
          && !"CREATING".equals(job.phase)) {
        // The new container was already renamed into place; only the old one may be left over.
        parked.ifPresent(p -> engine.remove(p.getId()));
        complete(job, live.get().getId());
      } else if (parked.isPresent() && live.isEmpty()) {
        swap.restore(parked.get().getId(), name);
        fail(
            job,
            "the agent restarted before the new container was created; the previous version runs again");
      } else {
        requeue(job, "the engine shows no change yet");
      }
    } catch (RuntimeException e) {
      fail(job, "reconciling after a restart failed: " + e.getMessage());
    }
  }

  private void finishOrUndo(
      DeployJob job,
      String name,
      Optional<InspectContainerResponse> live,
      InspectContainerResponse next,
      Optional<InspectContainerResponse> parked) {
    if (!Boolean.TRUE.equals(next.getState().getRunning())) {
      engine.start(next.getId());
    }
    HealthGate.Verdict verdict = gate.await(next.getId());
    if (verdict.healthy()) {
      if (live.isPresent()) {
        engine.rename(live.get().getId(), Swap.parked(name));
        engine.stop(live.get().getId());
      }
      engine.rename(next.getId(), name);
      engine.find(Swap.parked(name)).ifPresent(p -> engine.remove(p.getId()));
      complete(job, next.getId());
      return;
    }
    engine.remove(next.getId());
    if (live.isPresent()) {
      engine.start(live.get().getId());
    } else if (parked.isPresent()) {
      swap.restore(parked.get().getId(), name);
    }
    fail(
        job,
        "the agent restarted mid-swap and the new container was not healthy ("
            + verdict.reason()
            + "); the previous version runs again");
  }

  private void complete(DeployJob job, String containerId) {
    if (job.kind == Kind.DEPLOY) {
      Release previous =
          job.previousReleaseId == null
              ? null
              : QuarkusTransaction.requiringNew()
                  .call(() -> releases.findById(job.previousReleaseId));
      deploys.complete(
          job, containerId, previous, DeployJobEvents.diff(job), DeployProcedure.choice(job));
    } else {
      Release from =
          job.previousReleaseId == null
              ? null
              : QuarkusTransaction.requiringNew()
                  .call(() -> releases.findById(job.previousReleaseId));
      Release to =
          QuarkusTransaction.requiringNew().call(() -> releases.findById(job.targetReleaseId));
      rollbacks.finishDone(job, from, to, containerId, rollbacks.choice(to));
    }
  }

  private void fail(DeployJob job, String reason) {
    if (job.kind == Kind.DEPLOY) {
      DeployFailed failed =
          DeployFailed.of(
              job.stack,
              job.host,
              job.service,
              job.image,
              "restart",
              reason,
              DeployJobEvents.diff(job),
              null);
      events.finish(job, Status.FAILED, reason, failed);
    } else {
      events.finish(
          job, Status.FAILED, reason, RollbackFailed.of(job.stack, job.host, job.service, reason));
    }
  }

  private void requeue(DeployJob job, String why) {
    LOG.infof("update %s: running %s of %s again: %s", job.updateId, job.kind, job.service, why);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              DeployJob row = jobs.findById(job.eventId);
              row.status = Status.PENDING;
              row.phase = "RECEIVED";
            });
  }
}
