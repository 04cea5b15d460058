package dev.shipshape.planner.intake;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.secret.SecretBox;
import dev.shipshape.common.secret.SecretValues;
import dev.shipshape.planner.persistence.Outcome;
import dev.shipshape.planner.persistence.StackVersion;
import dev.shipshape.planner.persistence.TimelineRepository;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.policy.RequestValidator;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.release.DeploymentLog;
import dev.shipshape.planner.saga.UpdateEvents;
import dev.shipshape.planner.saga.UpdateSaga;
import dev.shipshape.planner.stack.Stacks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The one code path for update requests, from Kafka or REST: validate against the stack and the
 * environment's policy, plan, and record the verdict with its event (update.planned or
 * update.rejected) in one transaction. The same request id twice is the same update.
 */
@ApplicationScoped
public class UpdateIntake {
  private static final Logger LOG = Logger.getLogger(UpdateIntake.class);

  private final UpdateRequestRepository updates;
  private final Stacks stacks;
  private final UpdateEvents events;
  private final UpdateSaga saga;
  private final DeploymentLog log;
  private final SecretBox secrets;
  private final TimelineRepository timeline;

  public UpdateIntake(
      UpdateRequestRepository updates,
      Stacks stacks,
      UpdateEvents events,
      UpdateSaga saga,
      DeploymentLog log,
      SecretBox secrets,
      TimelineRepository timeline) {
    this.updates = updates;
    this.stacks = stacks;
    this.events = events;
    this.saga = saga;
    this.log = log;
    this.secrets = secrets;
    this.timeline = timeline;
  }

  /** Secret env values can only travel sealed; without a fleet key, say so instead of leaking. */
  private static List<Problem> unsealable(UpdateRequested request, StackContext context) {
    List<Problem> problems = new ArrayList<>();
    request
        .services()
        .forEach(
            (name, change) -> {
              Map<String, String> env = new LinkedHashMap<>();
              var service = context.compose().services().get(name);
              if (service != null && service.environment() != null) {
                env.putAll(service.environment());
              }
              if (change.env() != null) {
                env.putAll(change.env());
              }
              env.keySet().stream()
                  .filter(SecretValues::isSecretName)
                  .forEach(
                      k ->
                          problems.add(
                              new Problem(
                                  "services." + name + ".env." + k,
                                  "a secret value cannot be sent to the hosts: set"
                                      + " shipshape.secrets.key (SHIPSHAPE_SECRETS_KEY) on the"
                                      + " planner and the agents")));
            });
    return problems;
  }

  /**
   * The verdict on a request; {@code summary} is set once the update has ended (at once, when
   * nothing needed to change).
   */
  public record Verdict(
      String updateId, String status, List<Problem> problems, List<Wave> plan, String summary) {
    public boolean accepted() {
      return problems.isEmpty();
    }
  }

  /**
   * A refused request is still recorded as sent; PostgreSQL text cannot hold a NUL character, so
   * control characters are kept visible as U+FFFD instead of failing the refusal itself.
   */
  static String storable(String text) {
    return text.replaceAll("[\\p{Cntrl}&&[^\\t\\n]]", "\uFFFD");
  }

  @Transactional(TxType.REQUIRED)
  public Verdict submit(UpdateRequested request, String updateId) {
    if (request.requestId() != null) {
      Optional<UpdateRequestRecord> known = updates.findByRequestId(request.requestId());
      if (known.isPresent()) {
        LOG.infof(
            "request %s already known as update %s", request.requestId(), known.get().updateId);
        return verdict(known.get());
      }
    }
    Optional<StackVersion> stack =
        Stacks.validName(request.stack()) ? stacks.current(request.stack()) : Optional.empty();
    StackContext context = stack.map(stacks::context).orElse(null);
    List<Problem> problems = new ArrayList<>(RequestValidator.validate(request, context));
    if (problems.isEmpty() && !secrets.canSeal()) {
      problems.addAll(unsealable(request, context));
    }

    UpdateRequestRecord row = new UpdateRequestRecord();
    row.updateId = updateId == null ? UUID.randomUUID().toString() : updateId;
    row.requestId =
        request.requestId() == null || request.requestId().isBlank()
            ? "missing-" + row.updateId
            : request.requestId();
    row.stack = storable(request.stack() == null ? "" : request.stack());
    row.requestedBy = storable(request.requestedBy() == null ? "" : request.requestedBy());
    row.reason = request.reason() == null ? null : storable(request.reason());
    row.request = EventCodec.toJson(request);
    row.receivedAt = Instant.now();
    row.decidedAt = row.receivedAt;
    stack.ifPresent(
        s -> {
          row.environment = s.environment;
          row.stackVersion = s.version;
        });
    String stackKey = row.stack.isEmpty() ? "unknown" : row.stack;
    if (!problems.isEmpty()) {
      row.status = UpdateStatus.REJECTED;
      row.problems = EventCodec.toJson(problems);
      updates.persist(row);
      events.rejected(row, stackKey, problems);
      LOG.infof(
          "update %s for stack %s rejected: %d problem(s)",
          row.updateId, stackKey, problems.size());
      return verdict(row);
    }
    Planner.Running running = opened(log.runningSpecs(row.stack));
    List<Wave> plan =
        Planner.plan(
            context.compose(),
            context.hosts(),
            request,
            context.pins(),
            context.firstDeploy() ? Planner.Running.absentWhereNeverDeployed(running) : running);
    row.status = UpdateStatus.PLANNED;
    row.plan = EventCodec.toJson(plan);
    List<String> unchanged = unchanged(request, plan);
    if (unchanged.size() == request.services().size()) {
      return nothingToDo(row, plan, unchanged);
    }
    updates.persist(row);
    events.planned(row, plan);
    LOG.infof(
        "update %s for stack %s planned: %d wave(s), asked by %s",
        row.updateId, row.stack, plan.size(), row.requestedBy);
    unchanged.forEach(
        name ->
            timeline.add(
                row.updateId,
                "unchanged",
                null,
                name,
                "already runs " + request.services().get(name).image() + " with this config"));
    saga.start(row, context, request, plan);
    return verdict(row);
  }

  /**
   * Nothing the request names would change anywhere: the update is planned with no step and ends
   * succeeded at once — the answer `docker compose up -d` gives a file that already runs, so a
   * system that re-sends its desired state is not told it failed.
   */
  private Verdict nothingToDo(UpdateRequestRecord row, List<Wave> plan, List<String> unchanged) {
    row.outcome = Outcome.SUCCEEDED;
    row.status = Outcome.SUCCEEDED.status();
    row.summary =
        "nothing to do: "
            + String.join(", ", unchanged)
            + (unchanged.size() == 1 ? " already runs" : " already run")
            + " the requested image and config on every host";
    row.completedAt = row.decidedAt;
    updates.persist(row);
    events.planned(row, plan);
    events.completed(row);
    timeline.add(row.updateId, "completed", null, null, row.summary);
    LOG.infof("update %s for stack %s: %s", row.updateId, row.stack, row.summary);
    return verdict(row);
  }

  /** The services the plan has no step for on any host. */
  static List<String> unchanged(UpdateRequested request, List<Wave> plan) {
    Set<String> stepped = new HashSet<>();
    plan.forEach(w -> w.steps().forEach(s -> stepped.add(s.service())));
    return request.services().keySet().stream().filter(n -> !stepped.contains(n)).toList();
  }

  /**
   * What runs, with sealed secret values opened so that the same password asked for again counts as
   * unchanged; a value this planner cannot open stays sealed and so counts as changed.
   */
  private Planner.Running opened(Planner.Running running) {
    if (!secrets.canSeal()) {
      return running;
    }
    return (host, service) -> {
      ServiceSpec spec = running.spec(host, service);
      if (spec == null || spec == Planner.Running.ABSENT || spec.env() == null) {
        return spec;
      }
      Map<String, String> env = new LinkedHashMap<>();
      spec.env()
          .forEach(
              (k, v) -> {
                try {
                  env.put(k, secrets.open(v));
                } catch (IllegalStateException e) {
                  env.put(k, v);
                }
              });
      return spec.withEnv(env);
    };
  }

  public Verdict verdict(UpdateRequestRecord row) {
    try {
      List<Problem> problems =
          row.problems == null
              ? List.of()
              : List.of(EventCodec.mapper().readValue(row.problems, Problem[].class));
      List<Wave> plan =
          row.plan == null
              ? List.of()
              : List.of(EventCodec.mapper().readValue(row.plan, Wave[].class));
      return new Verdict(row.updateId, row.status.name(), problems, plan, row.summary);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("update " + row.updateId + " has an unreadable record", e);
    }
  }
}
