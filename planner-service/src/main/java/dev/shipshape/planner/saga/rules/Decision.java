package dev.shipshape.planner.saga.rules;

import java.util.List;

/**
 * The rules' answer to a fact: the update's next state and what to do about it. {@code refusal}
 * says why nothing was done (an operator's request that cannot apply, an answer for a step the
 * update does not have); {@code needsWholeUpdate} that a host's rows were not enough to decide, so
 * the caller loads the whole update and asks again.
 */
public record Decision(
    UpdateSnapshot next, List<SagaCommand> commands, String refusal, boolean needsWholeUpdate) {

  static Decision needsWhole(UpdateSnapshot unchanged) {
    return new Decision(unchanged, List.of(), null, true);
  }
}
