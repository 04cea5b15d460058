package dev.shipshape.deployer.job;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.persistence.WaitsForDatabase;
import dev.shipshape.common.secret.SecretValues;
import dev.shipshape.deployer.engine.ContainerSpecs;
import dev.shipshape.deployer.engine.Images;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.Release;
import dev.shipshape.deployer.persistence.Release.Source;
import dev.shipshape.deployer.persistence.ReleaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Records what runs as a release, so that there is always a way back to it. */
@ApplicationScoped
@WaitsForDatabase
public class Releases {
  private final ReleaseRepository releases;
  private final Images images;

  public Releases(ReleaseRepository releases, Images images) {
    this.releases = releases;
    this.images = images;
  }

  /**
   * Records what runs before anything changes: the rollback target. A container of a service
   * Shipshape has no release of yet is recorded as adopted.
   */
  @Transactional
  public Release recordBeforeChange(DeployJob job, InspectContainerResponse container) {
    boolean seenBefore = !releases.forService(job.stack, job.service).isEmpty();
    return record(job, container, seenBefore ? Source.DEPLOYED : Source.ADOPTED);
  }

  /**
   * Records the running container as the service's current release, unless the same image and
   * config is already recorded.
   */
  @Transactional
  public Release record(DeployJob job, InspectContainerResponse container, Source source) {
    ServiceSpec spec = ContainerSpecs.specOf(container);
    String specJson = EventCodec.toJson(spec);
    String configHash = SecretValues.sha256(specJson);
    String imageId = container.getImageId();
    Release existing = releases.same(job.stack, job.service, imageId, configHash).orElse(null);
    if (existing != null) {
      existing.replacedAt = null;
      return existing;
    }
    Release release = new Release();
    release.stack = job.stack;
    release.host = job.host;
    release.service = job.service;
    release.containerName = spec.containerName();
    String asked =
        container.getConfig().getLabels() == null
            ? null
            : container.getConfig().getLabels().get(Labels.IMAGE);
    release.image = asked != null ? asked : spec.image();
    release.imageId = imageId;
    String reference = release.image;
    release.digest = images.image(imageId).map(i -> i.digestFor(reference)).orElse(imageId);
    release.spec = specJson;
    release.configHash = configHash;
    release.updateId = job.updateId;
    release.source = source;
    release.recordedAt = Instant.now();
    releases.persist(release);
    return release;
  }

  /** Marks every other release of the service as replaced by {@code current}. */
  @Transactional
  public void replaceAllBut(DeployJob job, Long current) {
    releases.update(
        "replacedAt = ?1 where stack = ?2 and service = ?3 and id <> ?4 and replacedAt is null",
        Instant.now(),
        job.stack,
        job.service,
        current);
  }

  public ServiceSpec specOf(Release release) {
    try {
      return EventCodec.mapper().readValue(release.spec, ServiceSpec.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("release " + release.id + " has an unreadable spec", e);
    }
  }
}
