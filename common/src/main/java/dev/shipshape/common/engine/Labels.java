package dev.shipshape.common.engine;

/**
 * The names of the labels Shipshape puts on containers and reads back. They are a contract between
 * services (the planner writes window and probe, the deployer stack and service, the monitor and
 * the backup service read them), so each name is written here once.
 */
public final class Labels {
  /** Every container Shipshape creates carries this label ({@code true}). */
  public static final String MANAGED = "dev.shipshape.managed";

  public static final String STACK = "dev.shipshape.stack";
  public static final String SERVICE = "dev.shipshape.service";
  public static final String HOST = "dev.shipshape.host";

  /** The update that created the container. */
  public static final String UPDATE = "dev.shipshape.update";

  /** The image reference as requested (the engine keeps only the resolved id). */
  public static final String IMAGE = "dev.shipshape.image";

  /** How long the monitor watches the service after a deploy. */
  public static final String WINDOW = "dev.shipshape.window";

  /** How often the monitor checks the service while it watches. */
  public static final String INTERVAL = "dev.shipshape.interval";

  /**
   * The service's probe: {@code :8080/health} on the container (run by its host's agent) or a full
   * URL.
   */
  public static final String PROBE = "dev.shipshape.probe";

  /**
   * The service's golden requests (the compose file's {@code x-shipshape.golden}), as JSON: run by
   * the deployer after each deploy and by the monitor on every check of a window.
   */
  public static final String GOLDEN = "dev.shipshape.golden";

  /**
   * The patterns (one regex) of the log lines that are database-connection errors for this service
   * (the compose file's {@code x-shipshape.dbErrors}); without it the monitor's defaults.
   */
  public static final String DB_ERRORS = "dev.shipshape.db-errors";

  /**
   * The services of the stack that depend on this one (compose {@code depends_on}),
   * comma-separated: the monitor watches them too while it watches this one, so that an update that
   * breaks them is caught on them.
   */
  public static final String DEPENDANTS = "dev.shipshape.dependants";

  /**
   * Marks a service whose data mounts may have two writers at once during a swap (the compose
   * file's {@code x-shipshape.shareable}); without it a service with data is swapped stop-first.
   */
  public static final String SHAREABLE = "dev.shipshape.shareable";

  /** Marks the backup service's throw-away containers (verifications, volume archives). */
  public static final String SCRATCH = "dev.shipshape.scratch";

  /** Where a snapshot-capable service answers its snapshot API inside its container. */
  public static final String SNAPSHOT_URL = "dev.shipshape.snapshot-url";

  /**
   * {@code off} tells the local infrastructure's health-check driver to leave the container alone,
   * standing in for an engine that runs no health checks.
   */
  public static final String ENGINE_HEALTH = "dev.shipshape.engine-health";

  private Labels() {}
}
