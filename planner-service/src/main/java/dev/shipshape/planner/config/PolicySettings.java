package dev.shipshape.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an update request must satisfy, with defaults and per-environment overrides, e.g. {@code
 * shipshape.policy.environments.production.require-digest=true}.
 */
@ConfigMapping(prefix = "shipshape.policy")
public interface PolicySettings {
  /** Refuse tags that name only a major or minor line ({@code postgres:16}). */
  @WithDefault("true")
  boolean requireFullVersion();

  /** Require every image pinned by {@code @sha256:} digest. */
  @WithDefault("false")
  boolean requireDigest();

  /** Registries images may come from; empty means any. */
  Optional<List<String>> allowedRegistries();

  /** The largest request accepted, in bytes. */
  @WithDefault("262144")
  int maxRequestBytes();

  Map<String, EnvironmentPolicy> environments();

  /** Overrides for one environment. */
  interface EnvironmentPolicy {
    Optional<Boolean> requireFullVersion();

    Optional<Boolean> requireDigest();

    Optional<List<String>> allowedRegistries();
  }
}
