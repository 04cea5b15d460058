package dev.shipshape.planner.saga;

import static java.util.stream.Collectors.toList;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.secret.SecretBox;
import dev.shipshape.common.time.Durations;
import dev.shipshape.planner.persistence.TimelineRepository;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import dev.shipshape.planner.plan.BackupPlan;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.release.DeploymentLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The forward path of an update: per wave, per host, the backups first, then the steps one at a
 * time in tier order, each waiting for the deployer's deploy.done; the next wave starts once every
 * step of this one passed its monitor window (release.verified). Every wait has a deadline ({@link
 * Deadlines}). Anything that goes wrong hands over to {@link Compensation}. All of it runs in the
 * transaction of the event that moved it, with the update row locked.
 */
@ApplicationScoped
public class UpdateSaga {
  private static final Logger LOG = Logger.getLogger(UpdateSaga.class);

  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;
  private final TimelineRepository timeline;
  private final DeploymentLog log;
  private final Commands commands;
  private final SagaSettings settings;
  private final SecretBox secrets;

  public UpdateSaga(
      UpdateStepRepository steps,
      UpdateBackupRepository backups,
      TimelineRepository timeline,
      DeploymentLog log,
      Commands commands,
      SagaSettings settings,
      SecretBox secrets) {
    this.steps = steps;
    this.backups = backups;
    this.timeline = timeline;
    this.log = log;
    this.commands = commands;
    this.settings = settings;
    this.secrets = secrets;
  }

  /** Persists the plan's steps and backups and starts the first wave. */
  @Transactional(TxType.MANDATORY)
  public void start(
      UpdateRequestRecord u, StackContext stack, UpdateRequested request, List<Wave> plan) {
    String window =
        request.rollout() != null && request.rollout().monitorWindow() != null
            ? request.rollout().monitorWindow()
            : null;
    Planner.Running running = log.runningSpecs(u.stack);
    int seq = 0;
    for (Wave wave : plan) {
      for (PlannedStep p : wave.steps()) {
        var service = stack.compose().services().get(p.service());
        ServiceChange change = request.services().get(p.service());
        ServiceSpec spec =
            ServiceSpecs.target(
                u.stack,
                service,
                new ServiceChange(p.image(), change.env(), change.migration()),
                running.spec(p.host(), p.service()),
                window != null ? window : service.window());
        UpdateStep s = new UpdateStep();
        s.updateId = u.updateId;
        s.wave = wave.index();
        s.seq = seq++;
        s.host = p.host();
        s.service = p.service();
        s.tier = p.tier().name();
        s.image = p.image();
        s.strategy = p.strategy().name();
        s.spec = EventCodec.toJson(sealed(spec));
        s.migration = change.migration() == null ? null : EventCodec.toJson(change.migration());
        s.state = State.PENDING;
        steps.persist(s);
      }
    }
    Planner.Running present =
        stack.firstDeploy() ? Planner.Running.absentWhereNeverDeployed(running) : running;
    for (UpdateBackup b : BackupPlan.backups(u.stack, stack.compose(), request, plan, present)) {
      b.updateId = u.updateId;
      backups.persist(b);
    }
    u.status = "RUNNING";
    u.currentWave = 0;
    timeline.add(u.updateId, "update.planned", null, null, plan.size() + " wave(s)");
    startWave(u);
  }

  /** The spec with its secret env values sealed: only the host agent opens them. */
  private ServiceSpec sealed(ServiceSpec spec) {
    return spec.withEnv(secrets.sealSecrets(spec.env()));
  }

  /** Sends the backups of the current wave, or starts its hosts right away. */
  void startWave(UpdateRequestRecord u) {
    List<UpdateStep> wave = steps.ofWave(u.updateId, u.currentWave);
    if (wave.isEmpty()) {
      finishWave(u);
      return;
    }
    LOG.infof("update %s: wave %d starts", u.updateId, u.currentWave);
    timeline.add(u.updateId, "wave.started", null, null, "wave " + u.currentWave);
    // One read of the wave, grouped by host: a wave may hold thousands of hosts.
    Map<String, List<UpdateStep>> stepsByHost =
        wave.stream().collect(Collectors.groupingBy(s -> s.host, LinkedHashMap::new, toList()));
    Map<String, List<UpdateBackup>> backupsByHost =
        backups.ofWave(u.updateId, u.currentWave).stream()
            .collect(Collectors.groupingBy(b -> b.host, LinkedHashMap::new, toList()));
    stepsByHost.forEach(
        (host, hostSteps) -> {
          List<UpdateBackup> hostBackups = backupsByHost.getOrDefault(host, List.of());
          for (UpdateBackup b : hostBackups) {
            b.state = UpdateBackup.State.REQUESTED;
            b.deadline = Commands.in(settings.backupTimeout());
            commands.backup(u, b);
            timeline.add(u.updateId, "backup.requested", host, b.service, b.kind);
          }
          advanceHost(u, hostSteps, hostBackups);
        });
  }

  /** Starts the host's next step once its backups are verified and nothing else runs there. */
  void advanceHost(UpdateRequestRecord u, String host) {
    advanceHost(
        u,
        steps.onHost(u.updateId, u.currentWave, host),
        backups.onHost(u.updateId, u.currentWave, host));
  }

  private void advanceHost(
      UpdateRequestRecord u, List<UpdateStep> hostSteps, List<UpdateBackup> hostBackups) {
    if (!"RUNNING".equals(u.status)) {
      return;
    }
    if (hostBackups.stream().anyMatch(b -> b.state != UpdateBackup.State.VERIFIED)) {
      return;
    }
    if (hostSteps.stream().anyMatch(s -> s.state == State.DEPLOYING)) {
      return;
    }
    if (u.cancelRequestedBy != null) {
      Compensation.finishCancelIfIdle(this, u);
      return;
    }
    hostSteps.stream()
        .filter(s -> s.state == State.PENDING)
        .findFirst()
        .ifPresentOrElse(
            s -> {
              s.state = State.DEPLOYING;
              s.startedAt = Instant.now();
              s.deadline = Commands.in(settings.deployTimeout());
              commands.deploy(u, s);
              timeline.add(u.updateId, "deploy.requested", s.host, s.service, s.image);
              LOG.infof(
                  "update %s: deploying %s on %s (%s)", u.updateId, s.service, s.host, s.image);
            },
            () -> checkWave(u));
  }

  /** The wave is done when every step passed its window. */
  void checkWave(UpdateRequestRecord u) {
    if ("RUNNING".equals(u.status) && steps.unverified(u.updateId, u.currentWave) == 0) {
      finishWave(u);
    }
  }

  private void finishWave(UpdateRequestRecord u) {
    boolean more = steps.ofUpdate(u.updateId).stream().anyMatch(s -> s.wave > u.currentWave);
    if (more) {
      u.currentWave++;
      startWave(u);
    } else {
      int count = steps.ofUpdate(u.updateId).size();
      complete(
          u,
          "succeeded",
          count == 0
              ? "nothing to change: every service already runs what was asked"
              : count + " step(s) deployed and verified");
    }
  }

  void onBackupVerified(UpdateRequestRecord u, UpdateBackup b, String backupId, String key) {
    b.state = UpdateBackup.State.VERIFIED;
    b.backupId = backupId;
    b.objectKey = key;
    b.deadline = null;
    timeline.add(u.updateId, "backup.verified", b.host, b.service, key);
    advanceHost(u, b.host);
  }

  void onDeployDone(UpdateRequestRecord u, UpdateStep s, String previousImage, String prev) {
    s.previousImage = previousImage;
    s.previousDigest = prev;
    s.finishedAt = Instant.now();
    s.state = State.DEPLOYED;
    s.deadline = "RUNNING".equals(u.status) ? Commands.in(verifyWait(s)) : null;
    log.started(
        u.stack,
        u.environment,
        s.host,
        s.service,
        s.image,
        s.digest,
        Commands.read(s.spec, ServiceSpec.class),
        u.updateId,
        u.requestedBy,
        "deploy");
    timeline.add(u.updateId, "deploy.done", s.host, s.service, s.digest);
    if (s.releaseVerifiedEarly && "RUNNING".equals(u.status)) {
      log.verified(u.stack, s.host, s.service, s.digest);
      s.state = State.VERIFIED;
      s.deadline = null;
    }
    advanceHost(u, s.host);
  }

  void onReleaseVerified(UpdateRequestRecord u, UpdateStep s) {
    if (s.state == State.DEPLOYING) {
      // The monitor only verifies what it saw deployed: the deploy.done is on its way.
      s.releaseVerifiedEarly = true;
      timeline.add(u.updateId, "release.verified", s.host, s.service, "before its deploy.done");
      return;
    }
    log.verified(u.stack, s.host, s.service, s.digest);
    timeline.add(u.updateId, "release.verified", s.host, s.service, s.digest);
    if (s.state == State.DEPLOYED) {
      s.state = State.VERIFIED;
      s.deadline = null;
      checkWave(u);
    }
  }

  private Duration verifyWait(UpdateStep s) {
    ServiceSpec spec = Commands.read(s.spec, ServiceSpec.class);
    String label = spec.labels() == null ? null : spec.labels().get(ServiceSpecs.WINDOW_LABEL);
    return Durations.parse(label, settings.monitorWindow()).plus(settings.verifyMargin());
  }

  /** Ends the update and says so on update.completed. */
  void complete(UpdateRequestRecord u, String outcome, String summary) {
    u.outcome = outcome;
    u.summary = summary;
    u.status = outcome.toUpperCase().replace('-', '_');
    u.completedAt = Instant.now();
    u.verificationDeadline = null;
    steps.ofUpdate(u.updateId).stream()
        .filter(s -> s.state == State.PENDING)
        .forEach(s -> s.state = State.SKIPPED);
    steps.ofUpdate(u.updateId).forEach(s -> s.deadline = null);
    backups.ofUpdate(u.updateId).forEach(b -> b.deadline = null);
    commands.completed(u);
    timeline.add(u.updateId, "update.completed", null, null, outcome + ": " + summary);
    LOG.infof("update %s completed %s: %s", u.updateId, outcome, summary);
  }

  TimelineRepository timeline() {
    return timeline;
  }

  UpdateStepRepository steps() {
    return steps;
  }

  UpdateBackupRepository backups() {
    return backups;
  }
}
