package dev.shipshape.planner.saga.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.planner.config.SagaSettings;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.saga.rules.SagaCommand.Note;
import dev.shipshape.planner.saga.rules.SagaCommand.PublishCompleted;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRelease;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRolledBack;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordVerified;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestBackup;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestDeploy;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRestore;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRollback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition of the update's state machine, without a database or a broker: a table of
 * (state, fact) → (next state, commands). A state is written as {@code STATUS [wave=N]
 * [await=host/service] [cancel] steps... backups...}; a step as {@code [wave:]host/service=STATE},
 * with {@code +c} when chosen for the compensation, {@code +e} when its release.verified came
 * early, {@code +later} when its deadline has not passed; a backup as {@code
 * b:host/service=STATE[>seq]}, {@code >seq} naming the step whose undo restores it. Commands follow
 * {@code |}; timeline notes are left out except where a row is about them. {@code threshold=N} is
 * the request's {@code rollout.failureThreshold} (0 when left out).
 */
class SagaRulesTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  static final SagaSettings SETTINGS =
      new SagaSettings() {
        public Duration backupTimeout() {
          return Duration.ofMinutes(30);
        }

        public Duration deployTimeout() {
          return Duration.ofMinutes(15);
        }

        public Duration monitorWindow() {
          return Duration.ofMinutes(15);
        }

        public Duration verifyMargin() {
          return Duration.ofMinutes(5);
        }

        public Duration rollbackTimeout() {
          return Duration.ofMinutes(10);
        }

        public Duration restoreTimeout() {
          return Duration.ofMinutes(30);
        }

        public Duration confirmTimeout() {
          return Duration.ofMinutes(5);
        }

        public Duration deadlineCheck() {
          return Duration.ofSeconds(2);
        }
      };

  final SagaRules rules = new SagaRules(SETTINGS);

  static Stream<Arguments> transitions() {
    return Stream.of(
        // The start: backups first, else the first step of every host.
        row(
            "PLANNED h1/db=PENDING h1/app=PENDING b:h1/db=PENDING",
            new Fact.Started(1),
            "RUNNING h1/db=PENDING h1/app=PENDING b:h1/db=REQUESTED | backup h1/db"),
        row(
            "PLANNED h1/db=PENDING h2/db=PENDING",
            new Fact.Started(1),
            "RUNNING h1/db=DEPLOYING h2/db=DEPLOYING | deploy h1/db, deploy h2/db"),
        row("PLANNED", new Fact.Started(0), "SUCCEEDED | completed succeeded"),
        // backup.verified
        row(
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED",
            backupVerified("h1", "db"),
            "RUNNING h1/db=DEPLOYING b:h1/db=VERIFIED | deploy h1/db"),
        row(
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED b:h1/vec=REQUESTED",
            backupVerified("h1", "db"),
            "RUNNING h1/db=PENDING b:h1/db=VERIFIED b:h1/vec=REQUESTED |"),
        row(
            "RUNNING h1/db=DEPLOYING b:h1/db=VERIFIED",
            backupVerified("h1", "db"),
            "RUNNING h1/db=DEPLOYING b:h1/db=VERIFIED |"),
        row(
            "ROLLING_BACK h1/db=SKIPPED b:h1/db=REQUESTED",
            backupVerified("h1", "db"),
            "ROLLING_BACK h1/db=SKIPPED b:h1/db=VERIFIED |"),
        row(
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED",
            backupVerified("h9", "db"),
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED | refused: no backup for db on h9"),
        // backup.failed: nothing changed yet, so nothing to undo
        row(
            "RUNNING h1/db=PENDING h1/app=PENDING b:h1/db=REQUESTED",
            new Fact.BackupFailed("h1", "db", "size: empty"),
            "FAILED h1/db=SKIPPED h1/app=SKIPPED b:h1/db=FAILED | completed failed"),
        row(
            "RUNNING h1/db=DEPLOYED h2/db=PENDING b:h2/db=REQUESTED",
            new Fact.BackupFailed("h2", "db", "size: empty"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c h2/db=SKIPPED b:h2/db=FAILED | rollback h1/db"),
        row(
            "FAILED h1/db=SKIPPED b:h1/db=FAILED",
            new Fact.BackupFailed("h1", "db", "late"),
            "FAILED h1/db=SKIPPED b:h1/db=FAILED |"),
        // deploy.done
        row(
            "RUNNING h1/db=DEPLOYING h1/app=PENDING",
            deployDone("h1", "db"),
            "RUNNING h1/db=DEPLOYED h1/app=DEPLOYING | release h1/db, deploy h1/app"),
        row(
            "RUNNING h1/db=DEPLOYING h2/db=DEPLOYING",
            deployDone("h1", "db"),
            "RUNNING h1/db=DEPLOYED h2/db=DEPLOYING | release h1/db"),
        row(
            "RUNNING h1/db=DEPLOYING+e",
            deployDone("h1", "db"),
            "SUCCEEDED h1/db=VERIFIED+e | release h1/db, verified h1/db, completed succeeded"),
        row("RUNNING h1/db=DEPLOYED", deployDone("h1", "db"), "RUNNING h1/db=DEPLOYED |"),
        row(
            "RUNNING h1/db=DEPLOYING",
            deployDone("h1", "cache"),
            "RUNNING h1/db=DEPLOYING | refused: no step for cache on h1"),
        row(
            "ROLLING_BACK h1/db=FAILED",
            deployDone("h1", "db"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c | release h1/db, rollback h1/db"),
        row(
            "ROLLING_BACK h1/db=DEPLOYING+c h2/db=ROLLING_BACK+c",
            deployDone("h1", "db"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c h2/db=ROLLING_BACK+c | release h1/db, rollback"
                + " h1/db"),
        row(
            "RUNNING cancel h1/db=DEPLOYING h1/app=SKIPPED",
            deployDone("h1", "db"),
            "FAILED cancel h1/db=DEPLOYED h1/app=SKIPPED | release h1/db, completed failed"),
        // deploy.failed: the wave's changes are undone, newest first per host
        row(
            "RUNNING h1/db=DEPLOYED h1/app=DEPLOYING h1/agent=PENDING 1:h2/db=PENDING",
            new Fact.DeployFailed("h1", "app", "pull: denied"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c h1/app=FAILED h1/agent=SKIPPED 1:h2/db=PENDING"
                + " | rollback h1/db"),
        row(
            "RUNNING h1/db=DEPLOYING",
            new Fact.DeployFailed("h1", "db", "pull: denied"),
            "FAILED h1/db=FAILED | completed failed"),
        row(
            "RUNNING h1/db=FAILED",
            new Fact.DeployFailed("h1", "db", "again"),
            "RUNNING h1/db=FAILED |"),
        row(
            "ROLLING_BACK h1/db=DEPLOYED+c h1/app=DEPLOYING+c",
            new Fact.DeployFailed("h1", "app", "swap: unhealthy"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c h1/app=FAILED+c | rollback h1/db"),
        // rollout.failureThreshold: failed hosts a wave may have and still go on
        row( // below: the failed host's part of the wave is undone, the others go on
            "RUNNING threshold=2 h1/db=DEPLOYED h1/app=DEPLOYING h2/db=DEPLOYED h3/db=DEPLOYING",
            new Fact.DeployFailed("h1", "app", "pull: denied"),
            "RUNNING threshold=2 h1/db=ROLLING_BACK+c h1/app=FAILED h2/db=DEPLOYED"
                + " h3/db=DEPLOYING | rollback h1/db"),
        row( // at: the second failed host is still tolerated
            "RUNNING threshold=2 h1/db=ROLLED_BACK+c h1/app=FAILED h2/db=DEPLOYED h3/db=DEPLOYING",
            new Fact.DeployFailed("h3", "db", "pull: denied"),
            "RUNNING threshold=2 h1/db=ROLLED_BACK+c h1/app=FAILED h2/db=DEPLOYED h3/db=FAILED |"),
        row( // above: the rollout halts and every wave it changed goes back, the earlier included
            "RUNNING wave=1 threshold=1 h1/db=VERIFIED 1:h2/db=ROLLED_BACK+c 1:h3/db=DEPLOYING"
                + " 2:h4/db=PENDING",
            new Fact.DeployFailed("h3", "db", "pull: denied"),
            "ROLLING_BACK wave=1 threshold=1 h1/db=ROLLING_BACK+c 1:h2/db=ROLLED_BACK+c"
                + " 1:h3/db=FAILED 2:h4/db=PENDING | rollback h1/db"),
        row( // the default, 0: the first failure halts, and earlier waves go back too
            "RUNNING wave=1 h1/db=VERIFIED 1:h2/db=DEPLOYING",
            new Fact.DeployFailed("h2", "db", "pull: denied"),
            "ROLLING_BACK wave=1 h1/db=ROLLING_BACK+c 1:h2/db=FAILED | rollback h1/db"),
        row( // a failed host undone: the wave ends once the others passed, the next one starts
            "RUNNING threshold=1 h1/db=ROLLING_BACK+c h2/db=VERIFIED 1:h3/db=PENDING",
            rollbackDone("h1", "db"),
            "RUNNING wave=1 threshold=1 h1/db=ROLLED_BACK+c h2/db=VERIFIED 1:h3/db=DEPLOYING |"
                + " rolledback h1/db, deploy h3/db"),
        row( // a failed host's undo is not the end of its wave while others still run
            "RUNNING threshold=1 h1/db=ROLLING_BACK+c h2/db=DEPLOYED",
            rollbackDone("h1", "db"),
            "RUNNING threshold=1 h1/db=ROLLED_BACK+c h2/db=DEPLOYED | rolledback h1/db"),
        row( // the monitor's rollback within the threshold: no second rollback, no waiting
            "RUNNING threshold=1 h1/db=DEPLOYED h2/db=DEPLOYED",
            triggered("h1", "db", false),
            "RUNNING threshold=1 h1/db=ROLLING_BACK+c h2/db=DEPLOYED |"),
        row( // a failed backup within the threshold: that host is left out, the others go on
            "RUNNING threshold=1 h1/db=PENDING h2/db=DEPLOYING b:h1/db=REQUESTED",
            new Fact.BackupFailed("h1", "db", "size: empty"),
            "RUNNING threshold=1 h1/db=SKIPPED h2/db=DEPLOYING b:h1/db=FAILED |"),
        row( // a step failed by its deadline within the threshold that finished after all: undone
            "RUNNING threshold=1 h1/db=FAILED h2/db=DEPLOYED",
            deployDone("h1", "db"),
            "RUNNING threshold=1 h1/db=ROLLING_BACK+c h2/db=DEPLOYED | release h1/db, rollback"
                + " h1/db"),
        // release.verified: the wave ends when every step passed its window
        row(
            "RUNNING h1/db=DEPLOYED 1:h2/db=PENDING",
            new Fact.ReleaseVerified("h1", "db"),
            "RUNNING wave=1 h1/db=VERIFIED 1:h2/db=DEPLOYING | verified h1/db, deploy h2/db"),
        row(
            "RUNNING h1/db=DEPLOYED h2/db=DEPLOYED",
            new Fact.ReleaseVerified("h1", "db"),
            "RUNNING h1/db=VERIFIED h2/db=DEPLOYED | verified h1/db"),
        row(
            "RUNNING h1/db=DEPLOYED",
            new Fact.ReleaseVerified("h1", "db"),
            "SUCCEEDED h1/db=VERIFIED | verified h1/db, completed succeeded"),
        row(
            "RUNNING h1/db=DEPLOYING",
            new Fact.ReleaseVerified("h1", "db"),
            "RUNNING h1/db=DEPLOYING+e |"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            new Fact.ReleaseVerified("h1", "db"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c | verified h1/db"),
        // rollback.triggered by the monitor or an operator's call to the agent
        row(
            "RUNNING h1/db=VERIFIED h2/db=DEPLOYED",
            triggered("h1", "db", false),
            "ROLLING_BACK await=h1/db h1/db=ROLLING_BACK+c h2/db=ROLLING_BACK+c | rollback"
                + " h2/db"),
        row(
            "RUNNING h1/db=DEPLOYED",
            triggered("h1", "db", true),
            "ROLLING_BACK h1/db=ROLLING_BACK+c |"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            new Fact.RollbackTriggered("h1", "db", "own-event", true, "compensation", null),
            "ROLLING_BACK h1/db=ROLLING_BACK+c |"),
        row(
            "SUCCEEDED done h1/db=VERIFIED",
            triggered("h1", "db", false),
            "SUCCEEDED done h1/db=VERIFIED |"),
        row(
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED",
            triggered("h1", "db", false),
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED |"),
        row(
            "ROLLING_BACK h1/db=ROLLED_BACK+c h1/app=ROLLING_BACK+c",
            triggered("h1", "db", false),
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c h1/app=ROLLING_BACK+c |"),
        // rollback.done
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            rollbackDone("h1", "db"),
            "ROLLED_BACK h1/db=ROLLED_BACK+c | rolledback h1/db, completed rolled-back"),
        row(
            "RUNNING h1/db=VERIFIED h1/app=PENDING",
            rollbackDone("h1", "db"),
            "ROLLED_BACK h1/db=ROLLED_BACK+c h1/app=SKIPPED | rolledback h1/db, completed"
                + " rolled-back"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c b:h1/db=VERIFIED>0",
            rollbackDone("h1", "db"),
            "ROLLING_BACK h1/db=ROLLED_BACK+c b:h1/db=RESTORING>0 | rolledback h1/db, restore"
                + " h1/db"),
        row(
            "ROLLING_BACK await=h1/db h1/db=ROLLING_BACK+c",
            rollbackDone("h1", "db"),
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c | rolledback h1/db"),
        row(
            "ROLLED_BACK done h1/db=ROLLED_BACK+c",
            rollbackDone("h1", "db"),
            "ROLLED_BACK done h1/db=ROLLED_BACK+c |"),
        // rollback.failed
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            new Fact.RollbackFailed("h1", "db", "gone"),
            "FAILED h1/db=ROLLBACK_FAILED+c | completed failed"),
        row(
            "ROLLING_BACK h1/db=ROLLED_BACK+c h2/db=ROLLING_BACK+c",
            new Fact.RollbackFailed("h1", "db", "late"),
            "ROLLING_BACK h1/db=ROLLED_BACK+c h2/db=ROLLING_BACK+c |"),
        // the monitor's word on a rollback it watched
        row(
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c",
            confirmed("h1", "db", "verified"),
            "ROLLED_BACK h1/db=ROLLED_BACK+c | completed rolled-back"),
        row(
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c",
            confirmed("h1", "db", "unresolved"),
            "FAILED h1/db=ROLLED_BACK+c | completed failed"),
        row(
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c",
            confirmed("h2", "db", "verified"),
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c |"),
        // restores of data a migration changed
        row(
            "ROLLING_BACK h1/db=ROLLED_BACK+c b:h1/db=RESTORING>0",
            new Fact.RestoreDone("h1", "db"),
            "ROLLED_BACK h1/db=ROLLED_BACK+c b:h1/db=RESTORED>0 | completed rolled-back"),
        row(
            "ROLLING_BACK h1/db=ROLLED_BACK+c b:h1/db=RESTORING>0",
            new Fact.RestoreFailed("h1", "db", "checksum"),
            "FAILED h1/db=ROLLED_BACK+c b:h1/db=RESTORE_FAILED>0 | completed failed"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c b:h1/db=VERIFIED>0",
            new Fact.RestoreDone("h1", "db"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c b:h1/db=VERIFIED>0 |"),
        // deadlines
        row(
            "RUNNING h1/db=DEPLOYING h2/db=DEPLOYED",
            new Fact.StepOverdue(1),
            "ROLLING_BACK h1/db=FAILED h2/db=ROLLING_BACK+c | rollback h2/db"),
        row(
            "RUNNING h1/db=DEPLOYED",
            new Fact.StepOverdue(1),
            "ROLLING_BACK h1/db=ROLLING_BACK+c | rollback h1/db"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            new Fact.StepOverdue(1),
            "FAILED h1/db=ROLLBACK_FAILED+c | completed failed"),
        row("RUNNING h1/db=DEPLOYING+later", new Fact.StepOverdue(1), "RUNNING h1/db=DEPLOYING |"),
        row(
            "RUNNING h1/db=VERIFIED h2/db=DEPLOYING+later",
            new Fact.StepOverdue(1),
            "RUNNING h1/db=VERIFIED h2/db=DEPLOYING |"),
        row(
            "RUNNING h1/db=PENDING b:h1/db=REQUESTED",
            new Fact.BackupOverdue(100),
            "FAILED h1/db=SKIPPED b:h1/db=FAILED | completed failed"),
        row(
            "ROLLING_BACK h1/db=ROLLED_BACK+c b:h1/db=RESTORING>0",
            new Fact.BackupOverdue(100),
            "FAILED h1/db=ROLLED_BACK+c b:h1/db=RESTORE_FAILED>0 | completed failed"),
        row(
            "ROLLING_BACK await=h1/db confirm h1/db=ROLLED_BACK+c",
            new Fact.VerificationOverdue(),
            "FAILED await=h1/db h1/db=ROLLED_BACK+c | completed failed"),
        row(
            "ROLLING_BACK await=h1/db confirm+later h1/db=ROLLED_BACK+c",
            new Fact.VerificationOverdue(),
            "ROLLING_BACK await=h1/db h1/db=ROLLED_BACK+c |"),
        // an operator's rollback reaches every wave; one of a finished update reopens it
        row(
            "SUCCEEDED wave=1 done h1/db=VERIFIED 1:h2/db=VERIFIED",
            new Fact.OperatorRollback("bad answers", "ops"),
            "ROLLING_BACK wave=1 h1/db=ROLLING_BACK+c 1:h2/db=ROLLING_BACK+c | rollback h1/db,"
                + " rollback h2/db"),
        row(
            "REJECTED",
            new Fact.OperatorRollback("bad", "ops"),
            "REJECTED | refused: update u1 was rejected: nothing ran"),
        row(
            "FAILED done h1/db=FAILED",
            new Fact.OperatorRollback("bad", "ops"),
            "FAILED done h1/db=FAILED | refused: update u1 changed nothing that is still in"
                + " place: nothing to undo"),
        // an operator's cancel: nothing new starts, what runs finishes
        row(
            "RUNNING h1/db=VERIFIED h1/app=PENDING 1:h2/db=PENDING",
            new Fact.OperatorCancel("ops"),
            "FAILED cancel h1/db=VERIFIED h1/app=SKIPPED 1:h2/db=SKIPPED | completed failed"),
        row(
            "RUNNING h1/db=DEPLOYING h1/app=PENDING",
            new Fact.OperatorCancel("ops"),
            "RUNNING cancel h1/db=DEPLOYING h1/app=SKIPPED |"),
        row(
            "ROLLING_BACK h1/db=ROLLING_BACK+c",
            new Fact.OperatorCancel("ops"),
            "ROLLING_BACK h1/db=ROLLING_BACK+c | refused: update u1 is ROLLING_BACK: too late"
                + " to cancel"));
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("transitions")
  void eachStateAndFactLeadToTheirNextStateAndCommands(String given, Fact fact, String next) {
    UpdateSnapshot before = State.parse(given);
    String unchanged = State.render(before, List.of(), null);
    Decision d = rules.decide(before, fact, NOW);
    assertEquals(next, State.render(d.next(), d.commands(), d.refusal()));
    assertEquals(unchanged, State.render(before, List.of(), null), "the input stays as it was");
  }

  @Test
  void aHostsRowsAreEnoughUntilTheWaveEnds() {
    UpdateSnapshot busyElsewhere = State.parse("RUNNING h1/db=DEPLOYED", 3);
    Decision d = rules.decide(busyElsewhere, new Fact.ReleaseVerified("h1", "db"), NOW);
    assertEquals("RUNNING h1/db=VERIFIED | verified h1/db", State.render(d));

    UpdateSnapshot lastHost = State.parse("RUNNING h1/db=DEPLOYED", 0);
    Decision whole = rules.decide(lastHost, new Fact.ReleaseVerified("h1", "db"), NOW);
    assertTrue(whole.needsWholeUpdate());
    assertTrue(whole.commands().isEmpty());
  }

  @Test
  void theIncidentSaysWhatSetTheRollbackOffAndTheSummaryRepeatsIt() {
    UpdateSnapshot u = State.parse("RUNNING h1/db=DEPLOYED h1/app=DEPLOYING");
    u.steps.get(0).digest = "sha256:new";
    u.steps.get(0).previousDigest = "sha256:old";
    Decision d = rules.decide(u, new Fact.DeployFailed("h1", "app", "health: timeout"), NOW);
    assertEquals(
        new Incident(
            "deploy.failed",
            "h1",
            "app",
            "app: health: timeout",
            null,
            null,
            NOW,
            NOW,
            null,
            null,
            null,
            null,
            List.of()),
        d.next().incident);
    assertTrue(
        d.commands()
            .contains(
                new Note("rollback.started", "h1", null, "deploy.failed: app: health: timeout")));
    assertEquals(NOW.plus(SETTINGS.rollbackTimeout()), d.next().steps.get(0).deadline);

    Decision back = rules.decide(d.next(), rollbackDone("h1", "db"), NOW.plusSeconds(42));
    assertEquals(
        "deploy.failed on h1: app: health: timeout; 1 step(s) rolled back", back.next().summary);
    assertEquals(UpdateStatus.ROLLED_BACK, back.next().status);
    Incident closed = back.next().incident;
    assertEquals(NOW.plusSeconds(42), closed.rollbackDoneAt());
    assertEquals(42_000L, closed.durationMillis());
    assertEquals(
        List.of(new Incident.Undone("h1", "db", "sha256:new", "sha256:old", "ROLLED_BACK")),
        closed.undone());
  }

  @Test
  void anOperatorsRollbackNamesTheOperatorOnEachCommandAndItsIncidentWhereAndHowLong() {
    UpdateSnapshot u = State.parse("SUCCEEDED done h1/db=VERIFIED");
    u.steps.get(0).digest = "sha256:new";
    u.steps.get(0).previousDigest = "sha256:old";
    Decision d = rules.decide(u, new Fact.OperatorRollback("slow answers", "alice"), NOW);
    assertTrue(
        d.commands().contains(new RequestRollback(1, "slow answers (asked by alice)", "alice")),
        d.commands().toString());
    assertEquals("alice", d.next().incident.requestedBy());

    Decision back =
        rules.decide(d.next(), rollbackDone("h1", "db"), NOW.plus(Duration.ofSeconds(9)));
    Incident i = back.next().incident;
    assertEquals("h1", i.host());
    assertEquals("db", i.service());
    assertEquals("sha256:new", i.fromDigest());
    assertEquals("sha256:old", i.toDigest());
    assertEquals(9_000L, i.durationMillis());
  }

  @Test
  void aCompensationNamesNoOperator() {
    UpdateSnapshot u = State.parse("RUNNING h1/db=DEPLOYED h1/app=DEPLOYING");
    Decision d = rules.decide(u, new Fact.DeployFailed("h1", "app", "boom"), NOW);
    assertTrue(d.commands().contains(new RequestRollback(1, "undo of update u1", null)));
  }

  @Test
  void aRolloutWithFailedHostsWithinTheThresholdEndsFailedNamingThem() {
    UpdateSnapshot u = State.parse("RUNNING threshold=1 h1/db=ROLLING_BACK+c h2/db=VERIFIED");
    u.incident =
        new Incident(
            "deploy.failed",
            "h1",
            "db",
            "db: boom",
            null,
            null,
            NOW,
            NOW,
            null,
            null,
            null,
            null,
            List.of());
    Decision d = rules.decide(u, rollbackDone("h1", "db"), NOW);
    assertEquals(UpdateStatus.FAILED, d.next().status);
    assertEquals(
        "1 step(s) deployed and verified; within failureThreshold 1, h1 failed and went back"
            + " (deploy.failed on h1: db: boom)",
        d.next().summary);
  }

  @Test
  void aDeployedStepWaitsForItsWindowAndADeployForItsTimeout() {
    UpdateSnapshot u = State.parse("RUNNING h1/db=DEPLOYING h1/app=PENDING");
    Decision d = rules.decide(u, deployDone("h1", "db"), NOW);
    assertEquals(NOW.plus(Duration.ofMinutes(7)), d.next().steps.get(0).deadline);
    assertEquals(NOW.plus(SETTINGS.deployTimeout()), d.next().steps.get(1).deadline);
    assertEquals(NOW, d.next().steps.get(1).startedAt);
  }

  @Test
  void aMonitorTriggerAfterTheRollbackDoneStillWaitsForTheMonitorsWord() {
    UpdateSnapshot u = State.parse("ROLLING_BACK h1/db=ROLLED_BACK+c h1/app=ROLLING_BACK+c");
    Decision d = rules.decide(u, triggered("h1", "db", false), NOW);
    assertEquals(NOW.plus(SETTINGS.confirmTimeout()), d.next().verificationDeadline);
  }

  @Test
  void aCancelledUpdateTellsHowToUndoWhatStaysDeployed() {
    UpdateSnapshot u = State.parse("RUNNING h1/db=VERIFIED h1/app=PENDING");
    Decision d = rules.decide(u, new Fact.OperatorCancel("ops"), NOW);
    assertEquals(
        "cancelled by ops; 1 step(s) stay deployed (POST /api/updates/u1/rollback undoes them)",
        d.next().summary);
  }

  static Arguments row(String given, Fact fact, String next) {
    return Arguments.of(given, fact, next);
  }

  static Fact backupVerified(String host, String service) {
    return new Fact.BackupVerified(host, service, "b-1", "key/" + service, 10L, "abc");
  }

  static Fact deployDone(String host, String service) {
    return new Fact.DeployDone(
        host, service, "sha256:new", "img:old", "sha256:old", Duration.ofMinutes(7));
  }

  static Fact triggered(String host, String service, boolean manual) {
    return new Fact.RollbackTriggered(host, service, "ev-1", manual, "unhealthy", null);
  }

  static Fact rollbackDone(String host, String service) {
    return new Fact.RollbackDone(host, service, "sha256:old");
  }

  static Fact confirmed(String host, String service, String verdict) {
    return new Fact.RollbackConfirmed(host, service, verdict);
  }

  /** The table's notation for states, both ways. */
  static final class State {
    static UpdateSnapshot parse(String text) {
      return parse(text, -1);
    }

    /** {@code elsewhere} ≥ 0: only these rows of one host, with that many unverified elsewhere. */
    static UpdateSnapshot parse(String text, long elsewhere) {
      String[] words = text.trim().split(" +");
      List<UpdateSnapshot.Step> steps = new ArrayList<>();
      List<UpdateSnapshot.Backup> backups = new ArrayList<>();
      UpdateSnapshot u =
          new UpdateSnapshot(
              "u1",
              UpdateStatus.valueOf(words[0]),
              steps,
              backups,
              elsewhere < 0,
              Math.max(elsewhere, 0));
      for (int i = 1; i < words.length; i++) {
        String w = words[i];
        boolean later = w.endsWith("+later");
        w = w.replace("+later", "");
        Instant deadline = later ? NOW.plusSeconds(3600) : NOW.minusSeconds(1);
        if (w.startsWith("wave=")) {
          u.currentWave = Integer.parseInt(w.substring(5));
        } else if (w.startsWith("threshold=")) {
          u.failureThreshold = Integer.parseInt(w.substring(10));
        } else if (w.startsWith("await=")) {
          u.awaitingVerification = w.substring(6);
        } else if (w.equals("confirm")) {
          u.verificationDeadline = deadline;
        } else if (w.equals("cancel")) {
          u.cancelRequestedBy = "ops";
        } else if (w.equals("done")) {
          u.completedAt = NOW.minusSeconds(60);
        } else if (w.startsWith("b:")) {
          String[] kv = w.substring(2).split("=");
          String[] stateAndSeq = kv[1].split(">");
          String[] where = kv[0].split("/");
          var b =
              new UpdateSnapshot.Backup(
                  100 + backups.size(),
                  0,
                  where[0],
                  where[1],
                  "pg_dump",
                  stateAndSeq.length > 1 ? Integer.valueOf(stateAndSeq[1]) : null,
                  UpdateBackup.State.valueOf(stateAndSeq[0]));
          b.backupId = "backup-" + b.service;
          b.deadline = deadline;
          backups.add(b);
        } else {
          int wave = 0;
          if (w.contains(":")) {
            wave = Integer.parseInt(w.substring(0, w.indexOf(':')));
            w = w.substring(w.indexOf(':') + 1);
          }
          String[] kv = w.split("=");
          String[] where = kv[0].split("/");
          String[] flags = kv[1].split("\\+");
          var s =
              new UpdateSnapshot.Step(
                  steps.size() + 1,
                  wave,
                  steps.size(),
                  where[0],
                  where[1],
                  "img:new",
                  UpdateStep.State.valueOf(flags[0]));
          for (int f = 1; f < flags.length; f++) {
            s.compensate |= flags[f].equals("c");
            s.releaseVerifiedEarly |= flags[f].equals("e");
          }
          s.deadline = deadline;
          steps.add(s);
        }
      }
      return u;
    }

    static String render(Decision d) {
      return render(d.next(), d.commands(), d.refusal());
    }

    static String render(UpdateSnapshot u, List<SagaCommand> commands, String refusal) {
      List<String> words = new ArrayList<>();
      words.add(u.status.name());
      if (u.currentWave != 0) {
        words.add("wave=" + u.currentWave);
      }
      if (u.failureThreshold != 0) {
        words.add("threshold=" + u.failureThreshold);
      }
      if (u.awaitingVerification != null) {
        words.add("await=" + u.awaitingVerification);
      }
      if (u.cancelRequestedBy != null) {
        words.add("cancel");
      }
      if (u.completedAt != null && u.outcome == null) {
        words.add("done");
      }
      for (UpdateSnapshot.Step s : u.steps) {
        words.add(
            (s.wave == 0 ? "" : s.wave + ":")
                + s.where()
                + "="
                + s.state
                + (s.compensate ? "+c" : "")
                + (s.releaseVerifiedEarly ? "+e" : ""));
      }
      for (UpdateSnapshot.Backup b : u.backups) {
        words.add(
            "b:"
                + b.host
                + "/"
                + b.service
                + "="
                + b.state
                + (b.restoreForSeq == null ? "" : ">" + b.restoreForSeq));
      }
      String done =
          commands.stream()
              .map(c -> command(u, c))
              .filter(c -> c != null)
              .collect(Collectors.joining(", "));
      return String.join(" ", words)
          + " |"
          + (done.isEmpty() ? "" : " " + done)
          + (refusal == null ? "" : " refused: " + refusal);
    }

    private static String command(UpdateSnapshot u, SagaCommand c) {
      if (c instanceof RequestBackup b) {
        return "backup " + backup(u, b.backupRow());
      } else if (c instanceof RequestDeploy d) {
        return "deploy " + step(u, d.stepRow());
      } else if (c instanceof RequestRollback r) {
        return "rollback " + step(u, r.stepRow());
      } else if (c instanceof RequestRestore r) {
        return "restore " + backup(u, r.backupRow());
      } else if (c instanceof PublishCompleted p) {
        return "completed " + p.outcome().wire();
      } else if (c instanceof RecordRelease r) {
        return "release " + step(u, r.stepRow());
      } else if (c instanceof RecordVerified v) {
        return "verified " + step(u, v.stepRow());
      } else if (c instanceof RecordRolledBack r) {
        return "rolledback " + step(u, r.stepRow());
      }
      return null; // timeline notes
    }

    private static String step(UpdateSnapshot u, long id) {
      return u.steps.stream().filter(s -> s.id == id).findFirst().orElseThrow().where();
    }

    private static String backup(UpdateSnapshot u, long id) {
      var b = u.backups.stream().filter(x -> x.id == id).findFirst().orElseThrow();
      return b.host + "/" + b.service;
    }
  }
}
