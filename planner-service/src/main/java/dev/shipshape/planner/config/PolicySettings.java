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

  /**
   * How an image publishes full versions, by image ({@code postgres}, {@code ghcr.io/acme/agent}):
   * {@code major}, {@code major.minor}, {@code major.minor.patch} or {@code build}, e.g. {@code
   * shipshape.policy.version-scheme."postgres"=major.minor}; over the defaults of {@code
   * VersionSchemes}, and MAJOR.MINOR.PATCH for any other image.
   */
  Map<String, String> versionScheme();

  /**
   * Refuse images that are in none of the configured {@link #registries()} (present only on some
   * host, so they can vanish); unset means on in {@code production}, off elsewhere.
   */
  Optional<Boolean> requireRegistry();

  /**
   * The registries whose tags are resolved to digests at plan time, by a name of your choice, e.g.
   * {@code shipshape.policy.registries.local.address=10.77.0.1:15000}.
   */
  Map<String, Registry> registries();

  /** One registry: where image references name it, how to reach it, and its credentials. */
  interface Registry {
    /** The registry as image references name it: {@code host[:port]}, e.g. ghcr.io. */
    String address();

    /** The base URL of its HTTP API; without one, {@code https://address}. */
    Optional<String> url();

    Optional<String> username();

    /** Used only in the Authorization header, never logged. */
    Optional<String> password();
  }

  /** Overrides for one environment. */
  interface EnvironmentPolicy {
    Optional<Boolean> requireFullVersion();

    Optional<Boolean> requireDigest();

    Optional<List<String>> allowedRegistries();

    Optional<Boolean> requireRegistry();
  }
}
