package dev.shipshape.planner.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.config.PolicySettings;
import dev.shipshape.planner.persistence.StackRepository;
import dev.shipshape.planner.persistence.StackVersion;
import dev.shipshape.planner.policy.ImagePolicy;
import dev.shipshape.planner.policy.RequestValidator.StackContext;
import dev.shipshape.planner.registry.ImagePinner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registers stacks (each registration a new version) and reads them back for planning. */
@ApplicationScoped
public class Stacks {
  private final StackRepository stacks;
  private final PolicySettings policy;
  private final ImagePinner pinner;

  public Stacks(StackRepository stacks, PolicySettings policy, ImagePinner pinner) {
    this.stacks = stacks;
    this.policy = policy;
    this.pinner = pinner;
  }

  /** What a caller registers. */
  public record Registration(
      String compose,
      String environment,
      List<String> hosts,
      String profile,
      Map<String, String> variables,
      Boolean firstDeploy) {
    public Registration(
        String compose,
        String environment,
        List<String> hosts,
        String profile,
        Map<String, String> variables) {
      this(compose, environment, hosts, profile, variables, null);
    }
  }

  /** Stack and host names: what a compose project name and a hostname have in common. */
  public static boolean validName(String name) {
    return name != null && name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
  }

  /** Registers a new version; returns the problems found reading the compose file, if any. */
  @Transactional
  public List<String> register(String name, Registration r, String who) {
    ComposeFile file =
        ComposeReader.read(
            r.compose(), r.variables() == null ? Map.of() : r.variables(), r.profile());
    if (!file.valid()) {
      return file.problems();
    }
    StackVersion v = new StackVersion();
    v.name = name;
    v.version = stacks.current(name).map(c -> c.version + 1).orElse(1);
    v.compose = r.compose();
    v.environment =
        r.environment() == null || r.environment().isBlank() ? "production" : r.environment();
    v.hosts = String.join(",", r.hosts());
    v.profile = r.profile();
    v.variables = EventCodec.toJson(r.variables() == null ? Map.of() : r.variables());
    v.firstDeploy = Boolean.TRUE.equals(r.firstDeploy());
    v.createdBy = who;
    v.createdAt = Instant.now();
    stacks.persist(v);
    return List.of();
  }

  public Optional<StackVersion> current(String name) {
    return stacks.current(name);
  }

  public List<StackVersion> all() {
    return stacks.currentOfEach();
  }

  public StackContext context(StackVersion v) {
    ComposeFile file = ComposeReader.read(v.compose, variables(v), v.profile);
    return new StackContext(
        file,
        hosts(v),
        ImagePolicy.forEnvironment(policy, v.environment),
        pinner.forRequest(),
        v.firstDeploy);
  }

  /** What Shipshape understood of the stack's current version. */
  public Optional<PlanView> planView(String name) {
    return stacks
        .current(name)
        .map(
            v ->
                PlanView.of(
                    v.name,
                    v.version,
                    v.environment,
                    hosts(v),
                    ComposeReader.read(v.compose, variables(v), v.profile),
                    ImagePolicy.forEnvironment(policy, v.environment)));
  }

  public static List<String> hosts(StackVersion v) {
    return Arrays.stream(v.hosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
  }

  public static Map<String, String> variables(StackVersion v) {
    try {
      return EventCodec.mapper()
          .readValue(v.variables, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      return Map.of();
    }
  }
}
