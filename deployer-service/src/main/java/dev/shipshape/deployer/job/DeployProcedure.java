package dev.shipshape.deployer.job;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.image.ImageReference;
import dev.shipshape.common.persistence.DatabaseWait;
import dev.shipshape.common.secret.SecretBox;
import dev.shipshape.common.swap.SwapRule;
import dev.shipshape.deployer.config.DeployerSettings;
import dev.shipshape.deployer.diff.ImageConfigDiff;
import dev.shipshape.deployer.engine.ContainerEngine;
import dev.shipshape.deployer.engine.ContainerSpecs;
import dev.shipshape.deployer.engine.EngineException;
import dev.shipshape.deployer.engine.HealthGate;
import dev.shipshape.deployer.engine.ImageInfo;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One deploy on this host: record what runs, get and inspect the new image, diff its config,
 * optionally preflight it, swap behind the health gate, and report — in that order, journaled.
 */
@ApplicationScoped
public class DeployProcedure {
  private final ContainerEngine engine;
  private final Images images;
  private final HealthGate gate;
  private final Swap swap;
  private final Releases releases;
  private final Journal journal;
  private final DeployJobEvents events;
  private final DeployerSettings settings;
  private final SecretBox secrets;
  private final ReleaseRepository releaseRepository;

  public DeployProcedure(
      ContainerEngine engine,
      Images images,
      HealthGate gate,
      Swap swap,
      Releases releases,
      Journal journal,
      DeployJobEvents events,
      DeployerSettings settings,
      SecretBox secrets,
      ReleaseRepository releaseRepository) {
    this.releaseRepository = releaseRepository;
    this.engine = engine;
    this.images = images;
    this.gate = gate;
    this.swap = swap;
    this.releases = releases;
    this.journal = journal;
    this.events = events;
    this.settings = settings;
    this.secrets = secrets;
  }

  public void run(DeployJob job) {
    DeployRequested command = command(job);
    ServiceSpec spec = command.spec();
    String unopened = null;
    try {
      spec = withSecretsOpened(spec);
    } catch (IllegalStateException e) {
      unopened = e.getMessage();
    }
    Map<String, Long> millis = new LinkedHashMap<>();
    job.containerName = containerName(job, spec);
    Optional<InspectContainerResponse> running = Optional.empty();
    List<ConfigChange> diff = List.of();
    String phase = "validate";
    try {
      validate(spec);
      if (unopened != null) {
        throw new SwapFailed("validate", unopened, "");
      }
      rollbackTargetAvailable(job);

      phase = "record";
      journal.phase(job, "RECORDING");
      long t0 = System.nanoTime();
      running = engine.find(job.containerName);
      Release previous = running.map(c -> releases.recordBeforeChange(job, c)).orElse(null);
      job.previousReleaseId = previous == null ? null : previous.id;
      millis.put("record", ms(t0));

      phase = "pull";
      journal.phase(job, "PULLING");
      long t1 = System.nanoTime();
      ImageInfo image = images.ensureImage(spec.image());
      ImageReference wanted = ImageReference.parse(spec.image());
      if (wanted.pinnedByDigest() && !image.matches(wanted.digest())) {
        throw new SwapFailed(
            "pull",
            "image "
                + spec.image()
                + " on this host has digest "
                + image.digest()
                + ", not the pinned one",
            "");
      }
      job.targetImageId = image.id();
      millis.put("pull", ms(t1));

      phase = "diff";
      journal.phase(job, "DIFFING");
      if (running.isPresent()) {
        Optional<ImageInfo> before = images.image(running.get().getImageId());
        diff = before.map(b -> ImageConfigDiff.between(b, image)).orElse(List.of());
        List<String> breaking = ImageConfigDiff.breaking(diff, spec);
        if (!breaking.isEmpty()) {
          throw new SwapFailed("diff", String.join("; ", breaking), "");
        }
      }
      job.configDiff = EventCodec.toJson(diff);
      journal.save(job, millis);

      if (command.preflight()) {
        phase = "preflight";
        journal.phase(job, "PREFLIGHT");
        long t2 = System.nanoTime();
        preflight(job, image, spec);
        millis.put("preflight", ms(t2));
      }

      phase = "swap";
      SwapChoice choice = SwapRule.decide(spec, command.strategy());
      String newId = swap.run(job, image.id(), spec, labels(job, spec.image()), choice, millis);
      journal.save(job, millis);
      complete(job, newId, previous, diff, choice);
    } catch (RuntimeException e) {
      String failedPhase = e instanceof SwapFailed f ? f.phase() : phase;
      String tail = e instanceof SwapFailed f ? f.logTail() : "";
      job.phaseMillis = EventCodec.toJson(millis);
      events.finish(
          job,
          Status.FAILED,
          e.getMessage(),
          DeployFailed.of(
              job.stack,
              job.host,
              job.service,
              spec.image(),
              failedPhase,
              String.valueOf(e.getMessage()),
              diff,
              tail == null || tail.isEmpty() ? null : tail));
    }
  }

  /** Records the new container as the current release and reports deploy.done. */
  public void complete(
      DeployJob job, String newId, Release previous, List<ConfigChange> diff, SwapChoice choice) {
    InspectContainerResponse now = engine.find(newId).orElseThrow();
    Release current = releases.record(job, now, Source.DEPLOYED);
    releases.replaceAllBut(job, current.id);
    events.finish(
        job,
        Status.DONE,
        null,
        DeployDone.of(
            job.stack,
            job.host,
            job.service,
            previous == null ? null : previous.image,
            previous == null ? null : previous.digest,
            current.image,
            current.digest,
            diff,
            DeployJobEvents.millis(job),
            choice));
  }

  /** The swap a deploy job makes, decided from its command as {@link #run} decides it. */
  static SwapChoice choice(DeployJob job) {
    DeployRequested command = command(job);
    return SwapRule.decide(command.spec(), command.strategy());
  }

  /** Runs the new image alone — no volumes, no published ports — and checks health and logs. */
  private void preflight(DeployJob job, ImageInfo image, ServiceSpec spec) {
    String name = job.containerName + "--preflight";
    engine.find(name).ifPresent(stale -> engine.remove(stale.getId()));
    String id = engine.create(name, image.id(), spec, labels(job, spec.image()), true);
    try {
      engine.start(id);
      HealthGate.Verdict verdict = gate.await(id);
      String logs = engine.logTail(id, settings.logTailLines());
      if (!verdict.healthy()) {
        throw new SwapFailed("preflight", "preflight: " + verdict.reason(), logs);
      }
      Pattern errors = Pattern.compile(settings.errorPattern());
      Optional<String> errorLine = logs.lines().filter(l -> errors.matcher(l).find()).findFirst();
      if (errorLine.isPresent()) {
        throw new SwapFailed(
            "preflight", "preflight logged an error: " + errorLine.get().strip(), logs);
      }
    } finally {
      engine.remove(id);
    }
  }

  /** Secret env values travel sealed by the planner; only here, on the host, are they opened. */
  private ServiceSpec withSecretsOpened(ServiceSpec spec) {
    return spec.withEnv(secrets.openAll(spec.env()));
  }

  static String containerName(DeployJob job, ServiceSpec spec) {
    // Compose names a service's first container <project>-<service>-1; adopt that by default.
    return spec.containerName() != null && !spec.containerName().isBlank()
        ? spec.containerName()
        : job.stack + "-" + job.service + "-1";
  }

  static Map<String, String> labels(DeployJob job, String image) {
    return ContainerSpecs.jobLabels(job.stack, job.service, job.host, job.updateId, image);
  }

  private static void validate(ServiceSpec spec) {
    try {
      ImageReference.parse(spec.image());
    } catch (IllegalArgumentException e) {
      throw new SwapFailed("validate", "invalid image reference: " + e.getMessage(), "");
    }
    if (spec.containerName() != null
        && !spec.containerName().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new SwapFailed("validate", "invalid container name '" + spec.containerName() + "'", "");
    }
  }

  /**
   * Refuses to deploy without a way back: when no container runs, the release recorded as running
   * (the rollback target) must still be on this host by its image id or come back from its registry
   * by its digest. A running container's image is on this host by definition.
   */
  private void rollbackTargetAvailable(DeployJob job) {
    if (engine.find(job.containerName).isPresent()) {
      return;
    }
    Optional<Release> target =
        DatabaseWait.get(
            "reading the rollback target",
            () ->
                QuarkusTransaction.requiringNew()
                    .call(() -> releaseRepository.current(job.stack, job.service)));
    if (target.isEmpty()) {
      return;
    }
    Release r = target.get();
    try {
      images.ensureRecorded(r.image, r.imageId, r.digest);
    } catch (EngineException e) {
      throw new SwapFailed(
          "validate",
          "the rollback target of "
              + job.service
              + " (release "
              + r.id
              + ", "
              + r.image
              + ", "
              + r.digest
              + ") can be found neither on this host nor in its registry, so a deploy would have no"
              + " way back: "
              + e.getMessage(),
          "");
    }
  }

  static DeployRequested command(DeployJob job) {
    try {
      return EventCodec.mapper().readValue(job.command, DeployRequested.class);
    } catch (IOException e) {
      throw new IllegalStateException("job " + job.eventId + " has an unreadable command", e);
    }
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
