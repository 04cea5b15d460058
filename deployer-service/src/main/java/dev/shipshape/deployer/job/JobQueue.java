package dev.shipshape.deployer.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.job.JobRunner;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Kind;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Queues a command for this host inside the consumer's transaction, so that "received" and "queued"
 * commit together; commands for other hosts are ignored.
 */
@ApplicationScoped
public class JobQueue {
  private static final Logger LOG = Logger.getLogger(JobQueue.class);

  private final DeployJobRepository jobs;
  private final Event<JobRunner.Queued> queued;
  private final String hostId;

  public JobQueue(
      DeployJobRepository jobs,
      Event<JobRunner.Queued> queued,
      @ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.jobs = jobs;
    this.queued = queued;
    this.hostId = hostId;
  }

  /**
   * Commands are keyed by their host, so a command that is keyed for another host and names it is
   * skipped before the inbox: a backlog of other hosts' commands then costs no database work.
   * Anything else (no key, not JSON, a key that is not its host) goes through the inbox, which
   * dead-letters what is not a valid event, so its sender learns what was wrong.
   */
  public boolean forOtherHost(ConsumerRecord<String, String> record) {
    if (record.key() == null || record.key().equals(hostId) || record.value() == null) {
      return false;
    }
    try {
      JsonNode host = EventCodec.mapper().readTree(record.value()).path("host");
      return host.isTextual() && host.asText().equals(record.key());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Transactional(TxType.MANDATORY)
  public void add(
      EventEnvelope<?> event,
      Kind kind,
      String host,
      String stack,
      String service,
      String image,
      String command) {
    if (!hostId.equals(host)) {
      return;
    }
    DeployJob job = new DeployJob();
    job.eventId = event.eventId();
    job.updateId = event.updateId();
    job.kind = kind;
    job.stack = stack;
    job.host = host;
    job.service = service;
    job.image = image;
    job.command = command;
    job.status = Status.PENDING;
    job.phase = "RECEIVED";
    job.requestedAt = Instant.now();
    jobs.persist(job);
    queued.fire(new JobRunner.Queued());
    LOG.infof(
        "update %s: %s of %s queued on %s", job.updateId, kind.name().toLowerCase(), service, host);
  }
}
