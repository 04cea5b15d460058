package dev.shipshape.planner.saga;

import dev.shipshape.planner.saga.rules.Decision;
import dev.shipshape.planner.saga.rules.Fact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** What an operator may do to an update in flight: roll it back, or stop it. */
@ApplicationScoped
public class UpdateControl {
  /** The answer to an operator: null problem means it was done. */
  public record Outcome(boolean found, String problem) {}

  private final UpdateSaga saga;

  public UpdateControl(UpdateSaga saga) {
    this.saga = saga;
  }

  /** Undoes everything the update changed, on every wave, newest first. */
  @Transactional
  public Outcome rollback(String updateId, String reason, String by) {
    return answer(saga.handle(updateId, new Fact.OperatorRollback(reason, by)));
  }

  /** No further step starts; what runs now finishes, and the update ends as failed. */
  @Transactional
  public Outcome cancel(String updateId, String by) {
    return answer(saga.handle(updateId, new Fact.OperatorCancel(by)));
  }

  private static Outcome answer(Optional<Decision> decided) {
    return decided.map(d -> new Outcome(true, d.refusal())).orElse(new Outcome(false, null));
  }
}
