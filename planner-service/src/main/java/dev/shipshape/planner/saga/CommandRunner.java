package dev.shipshape.planner.saga;

import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.planner.persistence.TimelineRepository;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.release.DeploymentLog;
import dev.shipshape.planner.saga.SagaStore.Loaded;
import dev.shipshape.planner.saga.rules.SagaCommand;
import dev.shipshape.planner.saga.rules.SagaCommand.Note;
import dev.shipshape.planner.saga.rules.SagaCommand.PublishCompleted;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRelease;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRolledBack;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordVerified;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestBackup;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestDeploy;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRestore;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRollback;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Carries out the rules' commands, in order, after their state is saved and in the same
 * transaction: events through the outbox, lines of the timeline, the deployment log.
 */
@ApplicationScoped
public class CommandRunner {
  private static final Logger LOG = Logger.getLogger(CommandRunner.class);

  private final UpdateEvents events;
  private final TimelineRepository timeline;
  private final DeploymentLog log;

  public CommandRunner(UpdateEvents events, TimelineRepository timeline, DeploymentLog log) {
    this.events = events;
    this.timeline = timeline;
    this.log = log;
  }

  public void run(Loaded rows, List<SagaCommand> todo) {
    UpdateRequestRecord u = rows.update();
    for (SagaCommand c : todo) {
      if (c instanceof Note n) {
        timeline.add(u.updateId, n.type(), n.host(), n.service(), n.detail());
        // The timeline is the update's story: one log line per state change, with its update id.
        LOG.infof("update %s: %s%s: %s", u.updateId, n.type(), where(n), n.detail());
      } else if (c instanceof RequestBackup b) {
        events.backup(u, backup(rows, b.backupRow()));
      } else if (c instanceof RequestDeploy d) {
        events.deploy(u, step(rows, d.stepRow()));
      } else if (c instanceof RequestRollback r) {
        UpdateStep s = step(rows, r.stepRow());
        s.rollbackEventId = events.rollback(u, s, r.why(), r.operator());
      } else if (c instanceof RequestRestore r) {
        events.restore(u, backup(rows, r.backupRow()), r.why());
      } else if (c instanceof PublishCompleted) {
        events.completed(u);
      } else if (c instanceof RecordRelease r) {
        UpdateStep s = step(rows, r.stepRow());
        log.started(
            u.stack,
            u.environment,
            s.host,
            s.service,
            s.image,
            s.digest,
            StoredJson.read(s.spec, ServiceSpec.class),
            u.updateId,
            u.requestedBy,
            "deploy");
      } else if (c instanceof RecordVerified v) {
        UpdateStep s = step(rows, v.stepRow());
        log.verified(u.stack, s.host, s.service, s.digest);
      } else if (c instanceof RecordRolledBack r) {
        UpdateStep s = step(rows, r.stepRow());
        log.rolledBack(u.stack, s.host, s.service, s.previousImage, r.toDigest(), u.updateId);
      }
    }
  }

  private static String where(Note n) {
    if (n.host() == null) {
      return "";
    }
    return " on " + n.host() + (n.service() == null ? "" : "/" + n.service());
  }

  private static UpdateStep step(Loaded rows, long id) {
    return rows.steps().get(id);
  }

  private static UpdateBackup backup(Loaded rows, long id) {
    return rows.backups().get(id);
  }
}
