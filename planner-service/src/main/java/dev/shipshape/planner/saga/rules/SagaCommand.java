package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.persistence.Outcome;

/**
 * What the rules want done outside the update's own rows: events to send through the outbox, the
 * timeline and the deployment log. Carried out in order, in the transaction that made the decision.
 */
public sealed interface SagaCommand {
  record RequestBackup(long backupRow) implements SagaCommand {}

  record RequestDeploy(long stepRow) implements SagaCommand {}

  /**
   * The sent event's id is kept on the step, so the planner knows its own command when it returns.
   * {@code operator} names who asked for an operator's rollback: the monitor records those as
   * incidents of their own, while a compensation belongs to the incident that caused it.
   */
  record RequestRollback(long stepRow, String why, String operator) implements SagaCommand {}

  record RequestRestore(long backupRow, String why) implements SagaCommand {}

  /** update.completed, with the update's outcome and summary. */
  record PublishCompleted(Outcome outcome, String summary) implements SagaCommand {}

  /** A line of the update's timeline. */
  record Note(String type, String host, String service, String detail) implements SagaCommand {}

  /** Deployment log: the step's release runs on its host now. */
  record RecordRelease(long stepRow) implements SagaCommand {}

  /** Deployment log: the step's release passed its window, it is known-good. */
  record RecordVerified(long stepRow) implements SagaCommand {}

  /** Deployment log: the step's host runs the release before it again. */
  record RecordRolledBack(long stepRow, String toDigest) implements SagaCommand {}
}
