package dev.shipshape.monitor;

import dev.shipshape.common.testing.HostAgent;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Watched test hosts as the monitor reaches real hosts: {@code test-host-K} is simulated host K's
 * engine API at its address and a real deployer agent running inside host K (on {@link #PORT}, so
 * that the demo's own agent on 8083 never answers for it), called with the operator token. Init arg
 * {@code hosts}: e.g. {@code 1,2,3}.
 */
public class HostAgentsResource implements QuarkusTestResourceLifecycleManager {
  static final int PORT = 18083;

  private List<Integer> hosts = List.of(1);
  private final List<ServiceProcess> agents = new ArrayList<>();

  @Override
  public void init(Map<String, String> initArgs) {
    if (initArgs.containsKey("hosts")) {
      hosts = Arrays.stream(initArgs.get("hosts").split(",")).map(Integer::valueOf).toList();
    }
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    // Side by side: each agent takes seconds to start and they share nothing.
    List<CompletableFuture<ServiceProcess>> starting =
        hosts.stream()
            .map(
                k ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            return HostAgent.start(infra, k, PORT);
                          } catch (Exception e) {
                            throw new IllegalStateException("no agent on host-" + k, e);
                          }
                        }))
            .toList();
    Map<String, String> config = new HashMap<>();
    RuntimeException failed = null;
    for (int i = 0; i < hosts.size(); i++) {
      try {
        agents.add(starting.get(i).join());
      } catch (RuntimeException e) {
        failed = e;
        continue;
      }
      String id = WatchedHosts.hostId(hosts.get(i));
      config.put("shipshape.monitor.engines." + id, infra.get("DOCKER_HOST_" + hosts.get(i)));
      config.put("shipshape.monitor.agents." + id, agents.get(agents.size() - 1).baseUrl());
    }
    if (failed != null) {
      stop();
      throw failed;
    }
    config.put("shipshape.monitor.agent-token", TestTokens.OPERATOR);
    return config;
  }

  @Override
  public void stop() {
    for (ServiceProcess agent : agents) {
      try {
        agent.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
