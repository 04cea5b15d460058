package dev.shipshape.deployer.job;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.swap.SwapRule;
import dev.shipshape.deployer.engine.ContainerEngine;
import dev.shipshape.deployer.engine.HealthGate;
import dev.shipshape.deployer.engine.StackNetworks;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.probe.GoldenGate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Replaces a service's container behind a health gate (and, for a deploy, its golden requests).
 * Start-first: the new container runs under a temporary name until healthy, then the old one is
 * parked, stopped and removed and the new one renamed. Stop-first (when two copies cannot run at
 * once, see {@link SwapRule}): the old one is parked and stopped first. The new container joins the
 * stack's networks with its aliases, made first where the host lacks them. Every phase is journaled
 * before it runs; on any failure the new container is removed and the old one runs again.
 */
@ApplicationScoped
public class Swap {
  private static final Logger LOG = Logger.getLogger(Swap.class);

  private final ContainerEngine engine;
  private final StackNetworks networks;
  private final HealthGate gate;
  private final Journal journal;
  private final CrashPoints crash;
  private final GoldenGate golden;

  public Swap(
      ContainerEngine engine,
      StackNetworks networks,
      HealthGate gate,
      Journal journal,
      CrashPoints crash,
      GoldenGate golden) {
    this.golden = golden;
    this.engine = engine;
    this.networks = networks;
    this.gate = gate;
    this.journal = journal;
    this.crash = crash;
  }

  /** The temporary name of the new container. */
  public static String next(String name) {
    return name + "--next";
  }

  /** The name the old container is parked under until the new one has taken over. */
  public static String parked(String name) {
    return name + "--prev";
  }

  /** Runs the swap and returns the new container's id; times go into {@code millis}. */
  public String run(
      DeployJob job,
      String image,
      ServiceSpec spec,
      Map<String, String> labels,
      SwapChoice choice,
      Map<String, Long> millis) {
    LOG.infof(
        "update %s: %s of %s swaps %s: %s",
        job.updateId, job.kind, job.service, choice.strategy(), choice.reason());
    String name = job.containerName;
    engine.find(next(name)).ifPresent(stale -> engine.remove(stale.getId()));
    Optional<InspectContainerResponse> old = engine.find(name);
    boolean parked = false;
    String newId = null;
    try {
      long t0 = System.nanoTime();
      journal.phase(job, "PREPARING_NETWORKS");
      ServiceSpec joined = spec.withNetworks(StackNetworks.of(job.stack, job.service, spec));
      networks.ensure(job.stack, joined.networks());
      if (choice.strategy() == Strategy.STOP_FIRST && old.isPresent()) {
        park(job, old.get().getId(), name);
        parked = true;
      }
      journal.phase(job, "CREATING");
      newId = engine.create(next(name), image, joined, labels, false);
      crash.reached("after-create");
      journal.phase(job, "STARTING");
      engine.start(newId);
      crash.reached("after-start");
      millis.put("create+start", ms(t0));

      long t1 = System.nanoTime();
      journal.phase(job, "GATING");
      HealthGate.Verdict verdict = gate.await(newId);
      millis.put("health", ms(t1));
      if (!verdict.healthy()) {
        throw new SwapFailed("health", verdict.reason(), engine.logTail(newId, 40));
      }
      if (job.kind == DeployJob.Kind.DEPLOY) {
        // A rollback goes back to what answered before; only a new release must prove its answers.
        Optional<String> wrong = engine.find(newId).flatMap(golden::failure);
        if (wrong.isPresent()) {
          throw new SwapFailed("golden", wrong.get(), engine.logTail(newId, 40));
        }
      }

      long t2 = System.nanoTime();
      if (!parked && old.isPresent()) {
        park(job, old.get().getId(), name);
        parked = true;
      }
      journal.phase(job, "RENAMING_NEW");
      crash.reached("before-rename");
      engine.rename(newId, name);
      journal.phase(job, "REMOVING_OLD");
      if (old.isPresent()) {
        engine.remove(old.get().getId());
      }
      millis.put("switch", ms(t2));
      return newId;
    } catch (RuntimeException e) {
      String tail =
          e instanceof SwapFailed f ? f.logTail() : newId == null ? "" : engine.logTail(newId, 40);
      String phase = e instanceof SwapFailed f ? f.phase() : job.phase.toLowerCase();
      if (newId != null) {
        engine.remove(newId);
      }
      if (parked) {
        restore(old.get().getId(), name);
      }
      throw new SwapFailed(phase, e.getMessage(), tail);
    }
  }

  private void park(DeployJob job, String oldId, String name) {
    journal.phase(job, "PARKING_OLD");
    engine.rename(oldId, parked(name));
    journal.phase(job, "STOPPING_OLD");
    engine.stop(oldId);
    crash.reached("after-stop-old");
  }

  /** Puts a parked old container back under its name and starts it. */
  public void restore(String oldId, String name) {
    engine.rename(oldId, name);
    engine.start(oldId);
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
