package dev.shipshape.deployer.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.messaging.Outbox;
import dev.shipshape.common.persistence.WaitsForDatabase;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every event a deploy job publishes ({@code deploy.done/failed}, {@code rollback.done/failed}):
 * each commits in one transaction with the job's end, which the repository records.
 */
@ApplicationScoped
@WaitsForDatabase
public class DeployJobEvents {
  private static final Logger LOG = Logger.getLogger(DeployJobEvents.class);

  private final DeployJobRepository jobs;
  private final Outbox outbox;

  public DeployJobEvents(DeployJobRepository jobs, Outbox outbox) {
    this.jobs = jobs;
    this.outbox = outbox;
  }

  public void finish(DeployJob job, Status status, String reason, Payload event) {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              jobs.finish(job, status, reason);
              outbox.publish(EventEnvelope.of(job.updateId, job.stack, job.host, event));
            });
    LOG.infof(
        "update %s: %s of %s on %s %s%s",
        job.updateId,
        job.kind.name().toLowerCase(),
        job.service,
        job.host,
        status.name().toLowerCase(),
        reason == null ? "" : ": " + reason);
  }

  static Map<String, Long> millis(DeployJob job) {
    if (job.phaseMillis == null) {
      return new LinkedHashMap<>();
    }
    try {
      return EventCodec.mapper()
          .readValue(job.phaseMillis, new TypeReference<LinkedHashMap<String, Long>>() {});
    } catch (IOException e) {
      return new LinkedHashMap<>();
    }
  }

  static List<ConfigChange> diff(DeployJob job) {
    if (job.configDiff == null) {
      return List.of();
    }
    try {
      return EventCodec.mapper()
          .readValue(job.configDiff, new TypeReference<List<ConfigChange>>() {});
    } catch (IOException e) {
      return List.of();
    }
  }
}
