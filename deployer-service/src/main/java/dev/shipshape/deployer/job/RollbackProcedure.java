package dev.shipshape.deployer.job;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.persistence.DatabaseWait;
import dev.shipshape.common.swap.SwapRule;
import dev.shipshape.deployer.engine.ContainerEngine;
import dev.shipshape.deployer.engine.Images;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.Release;
import dev.shipshape.deployer.persistence.Release.Source;
import dev.shipshape.deployer.persistence.ReleaseRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Returns a service on this host to a recorded release — image digest and env/config together —
 * through the same health-gated swap as a deploy. A service that had no release before Shipshape
 * created it is removed again.
 */
@ApplicationScoped
public class RollbackProcedure {
  private final ContainerEngine engine;
  private final Images images;
  private final Swap swap;
  private final Releases releases;
  private final ReleaseRepository releaseRepository;
  private final Journal journal;
  private final DeployJobEvents events;

  public RollbackProcedure(
      ContainerEngine engine,
      Images images,
      Swap swap,
      Releases releases,
      ReleaseRepository releaseRepository,
      Journal journal,
      DeployJobEvents events) {
    this.engine = engine;
    this.images = images;
    this.swap = swap;
    this.releases = releases;
    this.releaseRepository = releaseRepository;
    this.journal = journal;
    this.events = events;
  }

  public void run(DeployJob job) {
    RollbackTriggered command = command(job);
    Map<String, Long> millis = new LinkedHashMap<>();
    try {
      journal.phase(job, "RECORDING");
      long t0 = System.nanoTime();
      Optional<Release> knownContainer =
          DatabaseWait.get(
              "reading the current release",
              () ->
                  QuarkusTransaction.requiringNew()
                      .call(() -> releaseRepository.current(job.stack, job.service)));
      job.containerName =
          knownContainer.map(r -> r.containerName).orElse(job.stack + "-" + job.service + "-1");
      Optional<InspectContainerResponse> running = engine.find(job.containerName);
      Release from = running.map(c -> releases.recordBeforeChange(job, c)).orElse(null);
      job.previousReleaseId = from == null ? null : from.id;
      Optional<Release> target =
          DatabaseWait.get(
              "reading the rollback target",
              () ->
                  QuarkusTransaction.requiringNew()
                      .call(
                          () ->
                              releaseRepository.rollbackTarget(
                                  job.stack,
                                  job.service,
                                  command.targetDigest(),
                                  from == null ? null : from.id)));
      millis.put("record", ms(t0));

      if (target.isEmpty()) {
        if (command.targetDigest() != null) {
          throw new SwapFailed(
              "target",
              "no release of "
                  + job.service
                  + " with digest "
                  + command.targetDigest()
                  + " was recorded on "
                  + job.host,
              "");
        }
        removeFirstDeploy(job, running, from, millis);
        return;
      }
      Release to = target.get();
      job.targetReleaseId = to.id;
      job.targetImageId = to.imageId;
      journal.save(job, millis);
      if (from != null && from.id.equals(to.id)) {
        finishDone(job, from, to, engine.find(job.containerName).orElseThrow().getId(), null);
        return;
      }
      // The recorded image by id, or pulled back by its recorded digest: never by a tag.
      images.ensureRecorded(to.image, to.imageId, to.digest);
      ServiceSpec spec = releases.specOf(to);
      SwapChoice choice = choice(to);
      String newId =
          swap.run(job, to.imageId, spec, DeployProcedure.labels(job, to.image), choice, millis);
      journal.save(job, millis);
      finishDone(job, from, to, newId, choice);
    } catch (RuntimeException e) {
      job.phaseMillis = EventCodec.toJson(millis);
      events.finish(
          job,
          Status.FAILED,
          e.getMessage(),
          RollbackFailed.of(job.stack, job.host, job.service, String.valueOf(e.getMessage())));
    }
  }

  /**
   * A rollback asks for nothing: it swaps start-first, the quickest way back, unless the release's
   * own spec forbids two copies.
   */
  public SwapChoice choice(Release to) {
    return SwapRule.decide(releases.specOf(to), Strategy.START_FIRST);
  }

  /**
   * Records the target as running again and reports rollback.done ({@code choice}: the swap made).
   */
  public void finishDone(
      DeployJob job, Release from, Release to, String containerId, SwapChoice choice) {
    Release now = releases.record(job, engine.find(containerId).orElseThrow(), Source.ROLLED_BACK);
    releases.replaceAllBut(job, now.id);
    events.finish(
        job,
        Status.DONE,
        null,
        RollbackDone.of(
            job.stack,
            job.host,
            job.service,
            from == null ? null : from.digest,
            to.digest,
            DeployJobEvents.millis(job),
            choice));
  }

  private void removeFirstDeploy(
      DeployJob job,
      Optional<InspectContainerResponse> running,
      Release from,
      Map<String, Long> millis) {
    if (from != null && from.source == Source.ADOPTED) {
      throw new SwapFailed(
          "target", job.service + " on " + job.host + " has no release before the one it runs", "");
    }
    if (running.isPresent()) {
      journal.phase(job, "REMOVING_OLD");
      engine.remove(running.get().getId());
    }
    DatabaseWait.run(
        "marking the removed release replaced",
        () ->
            QuarkusTransaction.requiringNew()
                .run(
                    () ->
                        releaseRepository.update(
                            "replacedAt = ?1 where stack = ?2 and service = ?3"
                                + " and replacedAt is null",
                            java.time.Instant.now(),
                            job.stack,
                            job.service)));
    job.phaseMillis = EventCodec.toJson(millis);
    events.finish(
        job,
        Status.DONE,
        "no earlier release: the service was removed",
        RollbackDone.of(
            job.stack,
            job.host,
            job.service,
            from == null ? null : from.digest,
            "none",
            millis,
            null));
  }

  static RollbackTriggered command(DeployJob job) {
    try {
      return EventCodec.mapper().readValue(job.command, RollbackTriggered.class);
    } catch (IOException e) {
      throw new IllegalStateException("job " + job.eventId + " has an unreadable command", e);
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
