package dev.shipshape.planner.saga;

import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep.State;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** What an operator may do to an update in flight: roll it back, or stop it. */
@ApplicationScoped
public class UpdateControl {
  /** The answer to an operator: null problem means it was done. */
  public record Outcome(boolean found, String problem) {}

  private final SagaEvents events;
  private final UpdateSaga saga;
  private final Compensation compensation;

  public UpdateControl(SagaEvents events, UpdateSaga saga, Compensation compensation) {
    this.events = events;
    this.saga = saga;
    this.compensation = compensation;
  }

  /** Undoes everything the update changed, on every wave, newest first. */
  @Transactional
  public Outcome rollback(String updateId, String reason, String by) {
    Optional<UpdateRequestRecord> found = events.locked(updateId);
    if (found.isEmpty()) {
      return new Outcome(false, null);
    }
    UpdateRequestRecord u = found.get();
    if ("REJECTED".equals(u.status)) {
      return new Outcome(true, "update " + updateId + " was rejected: nothing ran");
    }
    if (saga.steps().ofUpdate(updateId).stream().noneMatch(s -> s.state.changedHost())) {
      return new Outcome(
          true, "update " + updateId + " changed nothing that is still in place: nothing to undo");
    }
    saga.timeline().add(updateId, "rollback.requested", null, null, by + ": " + reason);
    compensation.start(
        u, true, "manual rollback", null, null, reason + " (asked by " + by + ")", null, null);
    return new Outcome(true, null);
  }

  /** No further step starts; what runs now finishes, and the update ends as failed. */
  @Transactional
  public Outcome cancel(String updateId, String by) {
    Optional<UpdateRequestRecord> found = events.locked(updateId);
    if (found.isEmpty()) {
      return new Outcome(false, null);
    }
    UpdateRequestRecord u = found.get();
    if (u.finished() || !"RUNNING".equals(u.status)) {
      return new Outcome(true, "update " + updateId + " is " + u.status + ": too late to cancel");
    }
    u.cancelRequestedBy = by;
    saga.steps().ofUpdate(updateId).stream()
        .filter(s -> s.state == State.PENDING)
        .forEach(s -> s.state = State.SKIPPED);
    saga.timeline().add(updateId, "cancel.requested", null, null, by);
    Compensation.finishCancelIfIdle(saga, u);
    return new Outcome(true, null);
  }
}
