package dev.shipshape.planner.release;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.secret.SecretValues;
import dev.shipshape.planner.persistence.Deployment;
import dev.shipshape.planner.persistence.DeploymentRepository;
import dev.shipshape.planner.plan.Planner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment log: what digest and config ran on which host, from when to when, who asked, and
 * which release is the last known-good one. Written in the transaction of the event that changed
 * it.
 */
@ApplicationScoped
public class DeploymentLog {
  private final DeploymentRepository deployments;

  public DeploymentLog(DeploymentRepository deployments) {
    this.deployments = deployments;
  }

  /** A new release runs on a host: the one before it ends now. */
  @Transactional(TxType.MANDATORY)
  public Deployment started(
      String stack,
      String environment,
      String host,
      String service,
      String image,
      String digest,
      ServiceSpec spec,
      String updateId,
      String requestedBy,
      String kind) {
    Instant now = Instant.now();
    deployments.current(stack, host, service).ifPresent(d -> d.endedAt = now);
    Deployment d = new Deployment();
    d.stack = stack;
    d.environment = environment == null ? "" : environment;
    d.host = host;
    d.service = service;
    d.image = image;
    d.digest = digest;
    d.spec = spec == null ? null : EventCodec.toJson(spec);
    d.configHash = spec == null ? "" : configHash(spec);
    d.updateId = updateId;
    d.requestedBy = requestedBy == null ? "" : requestedBy;
    d.kind = kind;
    d.startedAt = now;
    deployments.persist(d);
    return d;
  }

  /**
   * A rollback brought back the release that ran before the update: it runs again with the config
   * and standing (known-good or not) it had.
   */
  @Transactional(TxType.MANDATORY)
  public void rolledBack(
      String stack, String host, String service, String image, String digest, String updateId) {
    Deployment undone = deployments.current(stack, host, service).orElse(null);
    Deployment before =
        deployments.search(stack, host, service, null).stream()
            .filter(d -> !updateId.equals(d.updateId))
            .findFirst()
            .orElse(null);
    Deployment back =
        started(
            stack,
            undone != null ? undone.environment : before != null ? before.environment : "",
            host,
            service,
            image == null ? "(removed)" : image,
            digest,
            before == null || before.spec == null ? null : readSpec(before.spec),
            updateId,
            before != null ? before.requestedBy : "",
            "rollback");
    back.knownGood = before != null && before.knownGood;
    back.verifiedAt = before != null ? before.verifiedAt : null;
  }

  /** The release that runs there passed its window. */
  @Transactional(TxType.MANDATORY)
  public void verified(String stack, String host, String service, String digest) {
    deployments
        .current(stack, host, service)
        .filter(d -> digest == null || d.digest == null || digest.equals(d.digest))
        .ifPresent(
            d -> {
              d.knownGood = true;
              d.verifiedAt = Instant.now();
            });
  }

  public Optional<Deployment> current(String stack, String host, String service) {
    return deployments.current(stack, host, service);
  }

  /** What Shipshape last deployed for each host/service of a stack, read at once. */
  public Planner.Running runningSpecs(String stack) {
    Map<String, String> specs = new HashMap<>();
    deployments.runningOf(stack).forEach(d -> specs.put(d.host + "/" + d.service, d.spec));
    return (host, service) -> {
      String json = specs.get(host + "/" + service);
      return json == null ? null : readSpec(json);
    };
  }

  /** A hash of the config that tells two configs apart without showing a secret. */
  static String configHash(ServiceSpec spec) {
    ServiceSpec shown = spec.withEnv(SecretValues.masked(spec.env()));
    return "sha256:" + SecretValues.sha256(EventCodec.toJson(shown));
  }

  static ServiceSpec readSpec(String json) {
    try {
      return EventCodec.mapper().readValue(json, ServiceSpec.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable spec in the deployment log", e);
    }
  }
}
