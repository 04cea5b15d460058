package dev.shipshape.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the fault suite checks after each phase, from outside Shipshape: the events on the broker,
 * the planner's view of each update, the deployment log, and the containers on the engines.
 * Violations are collected, not thrown, so one run reports every broken promise.
 */
final class FaultAudit {
  static final List<String> TOPICS =
      List.of(
          Topics.BACKUP_REQUESTED,
          Topics.BACKUP_VERIFIED,
          Topics.BACKUP_FAILED,
          Topics.DEPLOY_REQUESTED,
          Topics.DEPLOY_DONE,
          Topics.DEPLOY_FAILED,
          Topics.ROLLBACK_TRIGGERED,
          Topics.ROLLBACK_DONE,
          Topics.RELEASE_VERIFIED,
          Topics.UPDATE_COMPLETED);

  /** One event as it was on the broker. */
  record Event(
      String topic,
      String eventId,
      String updateId,
      String host,
      String service,
      long at,
      JsonNode payload) {
    String step() {
      return host + "/" + service;
    }
  }

  final List<String> violations = new ArrayList<>();
  final Map<String, Integer> outcomes = new TreeMap<>();
  int events;
  int redelivered;
  int deploys;
  int backupsVerified;
  int containersChecked;

  /** Reads the events of these updates from what the broker had since the phase began. */
  static List<Event> events(
      Map<String, List<ConsumerRecord<String, String>>> records, Set<String> updates)
      throws IOException {
    List<Event> events = new ArrayList<>();
    for (var topic : records.entrySet()) {
      for (ConsumerRecord<String, String> r : topic.getValue()) {
        JsonNode e;
        try {
          e = Fleet.JSON.readTree(r.value());
        } catch (IOException notJson) {
          continue; // others' bad input (the bad-input suite's) is no concern here
        }
        String updateId = e.path("updateId").asText();
        if (updates.contains(updateId)) {
          JsonNode p = e.path("payload");
          events.add(
              new Event(
                  topic.getKey(),
                  e.path("eventId").asText(),
                  updateId,
                  p.path("host").asText(),
                  p.path("service").asText(),
                  r.timestamp(),
                  p));
        }
      }
    }
    return events;
  }

  /** Every update ended, exactly once, with each step done once and nothing lost. */
  void checkEvents(List<Event> all, Map<String, JsonNode> views) {
    events = all.size();
    Map<String, Integer> copies = new HashMap<>();
    all.forEach(e -> copies.merge(e.topic() + "/" + e.eventId(), 1, Integer::sum));
    redelivered = (int) copies.values().stream().filter(n -> n > 1).count();
    List<Event> distinct = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Event e : all) {
      if (seen.add(e.topic() + "/" + e.eventId())) {
        distinct.add(e);
      }
    }
    for (var entry : views.entrySet()) {
      String id = entry.getKey();
      JsonNode view = entry.getValue();
      String status = view.path("status").asText();
      outcomes.merge(status, 1, Integer::sum);
      if (view.path("completedAt").isNull() || view.path("completedAt").isMissingNode()) {
        violations.add("update " + id + " did not end: " + status);
      }
      List<Event> mine = distinct.stream().filter(e -> e.updateId().equals(id)).toList();
      long completed = count(mine, Topics.UPDATE_COMPLETED, null);
      if (completed != 1) {
        violations.add("update " + id + " completed " + completed + " times");
      }
      for (Event request : of(mine, Topics.DEPLOY_REQUESTED)) {
        deploys++;
        String step = request.step();
        if (count(mine, Topics.DEPLOY_REQUESTED, step) > 1) {
          violations.add("update " + id + ": " + step + " was asked to deploy twice");
        }
        long done = count(mine, Topics.DEPLOY_DONE, step);
        long failed = count(mine, Topics.DEPLOY_FAILED, step);
        if (done > 1) {
          violations.add("update " + id + ": " + step + " was deployed " + done + " times");
        }
        if (done + failed == 0) {
          violations.add("update " + id + ": the deploy of " + step + " was never answered");
        }
      }
      for (Event request : of(mine, Topics.BACKUP_REQUESTED)) {
        String step = request.step();
        if (count(mine, Topics.BACKUP_VERIFIED, step) + count(mine, Topics.BACKUP_FAILED, step)
            == 0) {
          violations.add("update " + id + ": the backup of " + step + " was never answered");
        }
      }
      for (Event deploy : of(mine, Topics.DEPLOY_REQUESTED)) {
        boolean stateful =
            of(mine, Topics.BACKUP_REQUESTED).stream()
                .anyMatch(b -> b.step().equals(deploy.step()));
        boolean backedUp =
            of(mine, Topics.BACKUP_VERIFIED).stream()
                .anyMatch(b -> b.step().equals(deploy.step()) && b.at() <= deploy.at());
        if (stateful && !backedUp) {
          violations.add(
              "update "
                  + id
                  + ": "
                  + deploy.step()
                  + " was deployed before its backup was verified");
        }
      }
      backupsVerified += of(mine, Topics.BACKUP_VERIFIED).size();
    }
  }

  /**
   * For each stack, host and service: the deployment log has one running release, and the engine
   * runs exactly one container of it, from the digest the log names.
   */
  void checkContainers(Fleet fleet, List<String> stacks, List<String> hosts, List<String> services)
      throws IOException, InterruptedException {
    for (String stack : stacks) {
      for (String host : hosts) {
        int engine = Integer.parseInt(host.substring(host.lastIndexOf('-') + 1));
        List<JsonNode> containers = fleet.containers(engine, stack);
        for (String service : services) {
          List<JsonNode> running = new ArrayList<>();
          fleet
              .planner("/api/releases?stack=" + stack + "&host=" + host + "&service=" + service)
              .forEach(
                  r -> {
                    if (r.path("running").asBoolean()) {
                      running.add(r);
                    }
                  });
          List<JsonNode> live =
              containers.stream()
                  .filter(c -> service.equals(c.path("Labels").path(Labels.SERVICE).asText()))
                  .filter(c -> "running".equals(c.path("State").asText()))
                  .toList();
          String where = stack + " " + host + "/" + service;
          containersChecked++;
          if (running.size() != 1) {
            violations.add(
                where + ": the deployment log has " + running.size() + " running releases");
            continue;
          }
          if (live.size() != 1) {
            violations.add(where + ": the engine runs " + live.size() + " containers");
            continue;
          }
          String digest = running.get(0).path("digest").asText();
          String image = live.get(0).path("Labels").path(Labels.IMAGE).asText();
          if (digest.isEmpty() || !image.contains(digest)) {
            violations.add(where + ": the engine runs " + image + " but the log says " + digest);
          }
        }
      }
    }
  }

  private static List<Event> of(List<Event> events, String topic) {
    return events.stream().filter(e -> e.topic().equals(topic)).toList();
  }

  private static long count(List<Event> events, String topic, String step) {
    return events.stream()
        .filter(e -> e.topic().equals(topic))
        .filter(e -> step == null || e.step().equals(step))
        .count();
  }
}
