package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.config.SagaSettings;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One decision in the making: the copy being changed, the clock, the timeouts, the commands. */
final class Turn {
  /** Thrown when a host's rows are not enough; the decision is dropped and asked again whole. */
  static final class NeedsWholeUpdate extends RuntimeException {
    NeedsWholeUpdate() {
      super(null, null, false, false);
    }
  }

  final UpdateSnapshot u;
  final Instant now;
  final SagaSettings settings;
  final List<SagaCommand> out = new ArrayList<>();
  String refusal;

  Turn(UpdateSnapshot u, Instant now, SagaSettings settings) {
    this.u = u;
    this.now = now;
    this.settings = settings;
  }

  void requireWhole() {
    if (!u.whole) {
      throw new NeedsWholeUpdate();
    }
  }

  Instant in(Duration d) {
    return now.plus(d);
  }

  void send(SagaCommand c) {
    out.add(c);
  }

  void note(String type, String host, String service, String detail) {
    out.add(new SagaCommand.Note(type, host, service, detail));
  }

  Optional<Step> step(String host, String service) {
    return u.steps.stream()
        .filter(s -> s.host.equals(host) && s.service.equals(service))
        .findFirst();
  }

  /** The newest backup of the service on the host (a later wave's, if it has two). */
  Optional<Backup> backup(String host, String service) {
    Backup found = null;
    for (Backup b : u.backups) {
      if (b.host.equals(host)
          && b.service.equals(service)
          && (found == null || b.wave > found.wave)) {
        found = b;
      }
    }
    return Optional.ofNullable(found);
  }

  Optional<Step> stepById(long id) {
    return u.steps.stream().filter(s -> s.id == id).findFirst();
  }

  Optional<Backup> backupById(long id) {
    return u.backups.stream().filter(b -> b.id == id).findFirst();
  }
}
