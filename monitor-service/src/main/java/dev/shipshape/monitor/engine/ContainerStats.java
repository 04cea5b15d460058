package dev.shipshape.monitor.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CPU and memory of a container from the engine's one-shot stats. Podman leaves the previous
 * reading empty, so CPU use is the delta against this monitor's own last reading of that container.
 */
@ApplicationScoped
public class ContainerStats {
  /** One reading: CPU in percent of one core (null on the first reading), memory in bytes. */
  public record Usage(Double cpuPercent, Long memoryBytes, Long memoryLimitBytes) {}

  private record CpuReading(long total, long system) {}

  private final Map<String, CpuReading> last = new ConcurrentHashMap<>();

  public Usage read(DockerClient docker, String containerId, Duration timeout) {
    AtomicReference<Statistics> got = new AtomicReference<>();
    try {
      docker
          .statsCmd(containerId)
          .withNoStream(true)
          .exec(
              new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics s) {
                  got.compareAndSet(null, s);
                }
              })
          .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Usage(null, null, null);
    } catch (RuntimeException e) {
      // Stats are evidence, not a verdict: an engine without them must not fail the check.
      return new Usage(null, null, null);
    }
    Statistics s = got.get();
    if (s == null) {
      return new Usage(null, null, null);
    }
    Long memory = s.getMemoryStats() == null ? null : s.getMemoryStats().getUsage();
    Long limit = s.getMemoryStats() == null ? null : s.getMemoryStats().getLimit();
    return new Usage(cpuPercent(containerId, s.getCpuStats(), s.getPreCpuStats()), memory, limit);
  }

  private Double cpuPercent(String id, CpuStatsConfig now, CpuStatsConfig pre) {
    CpuReading current = reading(now);
    if (current == null) {
      return null;
    }
    CpuReading previous = reading(pre);
    if (previous == null || previous.total() == 0) {
      previous = last.get(id);
    }
    if (last.size() > 10_000) {
      last.clear(); // containers come and go; a lost reading only costs one CPU figure
    }
    last.put(id, current);
    return percent(previous, current, now.getOnlineCpus());
  }

  static Double percent(CpuReading previous, CpuReading current, Long onlineCpus) {
    if (previous == null) {
      return null;
    }
    long cpuDelta = current.total() - previous.total();
    long systemDelta = current.system() - previous.system();
    if (cpuDelta < 0 || systemDelta <= 0) {
      return null;
    }
    long cpus = onlineCpus == null || onlineCpus <= 0 ? 1 : onlineCpus;
    // system_cpu_usage counts all cores, so this is percent of one core (like `docker stats`).
    return (double) cpuDelta / systemDelta * cpus * 100.0;
  }

  private static CpuReading reading(CpuStatsConfig c) {
    if (c == null
        || c.getCpuUsage() == null
        || c.getCpuUsage().getTotalUsage() == null
        || c.getSystemCpuUsage() == null) {
      return null;
    }
    return new CpuReading(c.getCpuUsage().getTotalUsage(), c.getSystemCpuUsage());
  }
}
