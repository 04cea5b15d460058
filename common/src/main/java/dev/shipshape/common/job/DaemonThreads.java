package dev.shipshape.common.job;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for a service's own pools: named, so a thread dump says whose they are, and daemons, so a
 * pool left busy never holds the JVM up at shutdown.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
