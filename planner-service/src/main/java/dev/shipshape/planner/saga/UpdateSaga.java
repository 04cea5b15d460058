package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.secret.SecretBox;
import dev.shipshape.common.time.Durations;
import dev.shipshape.planner.config.SagaSettings;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import dev.shipshape.planner.plan.BackupPlan;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.release.DeploymentLog;
import dev.shipshape.planner.saga.SagaStore.Loaded;
import dev.shipshape.planner.saga.rules.Decision;
import dev.shipshape.planner.saga.rules.Fact;
import dev.shipshape.planner.saga.rules.SagaRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves updates: persists a new update's steps and backups, and for every fact about an update
 * locks its row, asks {@link SagaRules} what follows, saves the answer and carries out its commands
 * — all in the transaction of the event that brought the fact, so two planners never move one
 * update at once and the state and the events it causes commit together.
 */
@ApplicationScoped
public class UpdateSaga {
  private static final Logger LOG = Logger.getLogger(UpdateSaga.class);

  private final UpdateRequestRepository updates;
  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;
  private final SagaStore store;
  private final CommandRunner runner;
  private final DeploymentLog log;
  private final SagaSettings settings;
  private final SecretBox secrets;
  private final SagaRules rules;

  public UpdateSaga(
      UpdateRequestRepository updates,
      UpdateStepRepository steps,
      UpdateBackupRepository backups,
      SagaStore store,
      CommandRunner runner,
      DeploymentLog log,
      SagaSettings settings,
      SecretBox secrets) {
    this.updates = updates;
    this.steps = steps;
    this.backups = backups;
    this.store = store;
    this.runner = runner;
    this.log = log;
    this.settings = settings;
    this.secrets = secrets;
    this.rules = new SagaRules(settings);
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
    List<UpdateStep> planned = new ArrayList<>();
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
        planned.add(s);
      }
    }
    Planner.Running present =
        stack.firstDeploy() ? Planner.Running.absentWhereNeverDeployed(running) : running;
    List<UpdateBackup> needed =
        BackupPlan.backups(u.stack, stack.compose(), request, plan, present);
    for (UpdateBackup b : needed) {
      b.updateId = u.updateId;
      backups.persist(b);
    }
    Loaded rows = store.whole(u, planned, needed);
    apply(rows, rules.decide(rows.snapshot(), new Fact.Started(plan.size()), Instant.now()));
  }

  /** The spec with its secret env values sealed: only the host agent opens them. */
  private ServiceSpec sealed(ServiceSpec spec) {
    return spec.withEnv(secrets.sealSecrets(spec.env()));
  }

  /**
   * Applies a fact to the update it is about; empty when this planner does not know the update. The
   * forward path of a running update reads only the answering host's rows.
   */
  @Transactional(TxType.MANDATORY)
  public Optional<Decision> handle(String updateId, Fact fact) {
    Optional<UpdateRequestRecord> found =
        updateId == null
            ? Optional.empty()
            : updates.findByIdOptional(updateId, LockModeType.PESSIMISTIC_WRITE);
    if (found.isEmpty()) {
      LOG.debugf("no update %s here; ignoring its event", updateId);
      return Optional.empty();
    }
    UpdateRequestRecord u = found.get();
    Instant now = Instant.now();
    Loaded rows =
        hostOnly(u, fact) && fact instanceof Fact.Answer a
            ? store.host(u, a.host(), a.service())
            : store.whole(u);
    Fact known = withVerifyWait(rows, fact);
    Decision d = rules.decide(rows.snapshot(), known, now);
    if (d.needsWholeUpdate()) {
      rows = store.whole(u);
      d = rules.decide(rows.snapshot(), known, now);
    }
    if (d.refusal() != null) {
      LOG.infof("update %s: nothing done (%s)", updateId, d.refusal());
    }
    apply(rows, d);
    return Optional.of(d);
  }

  private void apply(Loaded rows, Decision d) {
    store.save(rows, d.next());
    runner.run(rows, d.commands());
  }

  /**
   * The answers a running update gets once per step: from one host's rows, most of the time. Once a
   * host failed within the threshold (the update has an incident), a wave's end depends on more
   * than the count of unverified steps elsewhere, so the whole update is read.
   */
  private static boolean hostOnly(UpdateRequestRecord u, Fact fact) {
    return u.status == UpdateStatus.RUNNING
        && u.cancelRequestedBy == null
        && u.incident == null
        && (fact instanceof Fact.BackupVerified
            || fact instanceof Fact.DeployDone
            || fact instanceof Fact.ReleaseVerified);
  }

  /** A deployed step waits for its monitor window plus a margin, read from its spec's label. */
  private Fact withVerifyWait(Loaded rows, Fact fact) {
    if (!(fact instanceof Fact.DeployDone done)) {
      return fact;
    }
    return rows.steps().values().stream()
        .filter(s -> s.host.equals(done.host()) && s.service.equals(done.service()))
        .findFirst()
        .<Fact>map(s -> done.waiting(verifyWait(s)))
        .orElse(fact);
  }

  private Duration verifyWait(UpdateStep s) {
    ServiceSpec spec = StoredJson.read(s.spec, ServiceSpec.class);
    String label = spec.labels() == null ? null : spec.labels().get(ServiceSpecs.WINDOW_LABEL);
    // The planner refused unreadable windows on the way in, in the request and the stack.
    Duration window = label == null ? settings.monitorWindow() : Durations.parse(label);
    return window.plus(settings.verifyMargin());
  }
}
