package dev.shipshape.monitor.dashboard;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.BackupFailed;
import dev.shipshape.common.event.Payloads.BackupRequested;
import dev.shipshape.common.event.Payloads.BackupVerified;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackFailed;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.RollbackVerified;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Payloads.UpdatePlanned;
import dev.shipshape.common.event.Payloads.UpdateRejected;
import dev.shipshape.common.event.Payloads.UpdateRequested;

/** One line per update event, in an operator's words, for the dashboard's timeline. */
public final class Summaries {
  private Summaries() {}

  public static String of(EventEnvelope<?> e) {
    Object p = e.payload();
    if (p instanceof UpdateRequested r) {
      return "requested by " + r.requestedBy() + ": " + String.join(", ", r.services().keySet());
    } else if (p instanceof UpdateRejected r) {
      return "rejected: " + r.problems().size() + " problem(s)";
    } else if (p instanceof UpdatePlanned r) {
      return "planned for " + r.environment() + " in " + r.waves().size() + " wave(s)";
    } else if (p instanceof BackupRequested r) {
      return "backup of " + r.service() + " on " + r.host() + " requested";
    } else if (p instanceof BackupVerified r) {
      return "backup of " + r.service() + " on " + r.host() + " verified (" + r.sizeBytes() + " B)";
    } else if (p instanceof BackupFailed r) {
      return "backup of " + r.service() + " on " + r.host() + " failed: " + r.reason();
    } else if (p instanceof DeployRequested r) {
      return "deploy of " + r.service() + " on " + r.host() + " requested";
    } else if (p instanceof DeployDone r) {
      return r.service() + " on " + r.host() + " now runs " + r.image();
    } else if (p instanceof DeployFailed r) {
      return "deploy of " + r.service() + " on " + r.host() + " failed at " + r.phase();
    } else if (p instanceof ReleaseVerified r) {
      return r.service() + " on " + r.host() + " passed its window: known-good";
    } else if (p instanceof RollbackTriggered r) {
      return (r.manual() ? "manual rollback by " + r.requestedBy() : "automatic rollback")
          + " of "
          + r.service()
          + " on "
          + r.host()
          + " ("
          + r.criterion()
          + ")";
    } else if (p instanceof RollbackDone r) {
      return r.service() + " on " + r.host() + " rolled back";
    } else if (p instanceof RollbackFailed r) {
      return "rollback of " + r.service() + " on " + r.host() + " failed: " + r.reason();
    } else if (p instanceof RollbackVerified r) {
      return "rollback of " + r.service() + " on " + r.host() + " verified: the symptom stopped";
    } else if (p instanceof RollbackUnresolved r) {
      return "rollback of "
          + r.service()
          + " on "
          + r.host()
          + " unresolved ("
          + r.criterion()
          + ")";
    } else if (p instanceof UpdateCompleted r) {
      return r.outcome() + ": " + r.summary();
    }
    return e.type();
  }
}
