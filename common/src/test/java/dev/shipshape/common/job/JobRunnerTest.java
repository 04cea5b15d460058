package dev.shipshape.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's loop: order, recovery before jobs, a failed drain, shutdown. No infrastructure. */
class JobRunnerTest {
  private final RecordingRunner runner = new RecordingRunner();

  @AfterEach
  void stop() {
    runner.stopped(null);
  }

  @Test
  void queuedJobsRunInOrderOnTheWorkerThreadAfterTheCrashRecovery() {
    runner.queue("a", "b", "c");

    runner.kick();

    awaitSteps(4);
    assertEquals(List.of("recover from crash", "run a", "run b", "run c"), runner.steps());
    assertEquals(Set.of("test-worker"), runner.threads());
  }

  @Test
  void aJobThatThrowsStaysQueuedAndRunsAfterTheFailedDrainRecovery() {
    runner.failOnce.add("run a");
    runner.queue("a", "b");

    runner.kick();
    awaitSteps(2);
    runner.kick();

    awaitSteps(5);
    assertEquals(
        List.of(
            "recover from crash", "run a (threw)", "recover from failed drain", "run a", "run b"),
        runner.steps());
  }

  @Test
  void aRecoveryThatThrowsIsOwedStillAndNoJobRunsBeforeIt() {
    runner.failOnce.add("recover from crash");
    runner.queue("a");

    runner.kick();
    awaitSteps(1);
    runner.kick();

    awaitSteps(3);
    assertEquals(
        List.of("recover from crash (threw)", "recover from crash", "run a"), runner.steps());
  }

  @Test
  void aDrainWithNothingQueuedOwesNoRecoveryAfterwards() {
    runner.kick();
    awaitSteps(1);
    runner.queue("a");

    runner.kick();

    awaitSteps(2);
    assertEquals(List.of("recover from crash", "run a"), runner.steps());
  }

  @Test
  void aKickAfterShutdownIsRefusedQuietly() {
    runner.stopped(null);

    runner.kick(); // the next start drains what is left: nothing to throw at the caller

    assertEquals(List.of(), runner.steps());
  }

  private void awaitSteps(int count) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runner.steps().size() >= count);
  }

  /** Runs jobs that are names, and writes down each step it takes and on which thread. */
  private static final class RecordingRunner extends JobRunner<String> {
    private final ConcurrentLinkedQueue<String> queued = new ConcurrentLinkedQueue<>();
    private final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> threads = Collections.synchronizedSet(new HashSet<>());
    final Set<String> failOnce = Collections.synchronizedSet(new HashSet<>());

    void queue(String... jobs) {
      queued.addAll(List.of(jobs));
    }

    List<String> steps() {
      synchronized (steps) {
        return List.copyOf(steps);
      }
    }

    Set<String> threads() {
      synchronized (threads) {
        return Set.copyOf(threads);
      }
    }

    RecordingRunner() {
      super("test-worker");
    }

    @Override
    protected Optional<String> next() {
      return Optional.ofNullable(queued.peek());
    }

    @Override
    protected void run(String job) {
      step("run " + job);
      queued.remove(job);
    }

    @Override
    protected void recoverFromCrash() {
      step("recover from crash");
    }

    @Override
    protected void recoverFromFailedDrain() {
      step("recover from failed drain");
    }

    private void step(String step) {
      threads.add(Thread.currentThread().getName());
      if (failOnce.remove(step)) {
        steps.add(step + " (threw)");
        throw new IllegalStateException(step + " failed");
      }
      steps.add(step);
    }
  }
}
