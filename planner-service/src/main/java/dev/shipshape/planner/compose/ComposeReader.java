package dev.shipshape.planner.compose;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.Tier;
import dev.shipshape.common.time.Durations;
import dev.shipshape.common.time.InvalidDurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a compose file the way users write it — anchors and {@code <<} merge keys, {@code x-}
 * extension fields, profiles, short and long forms, variable interpolation — into the services
 * Shipshape plans with. Keys it does not use are left alone, never fatal; every real problem is
 * collected, not just the first.
 */
public final class ComposeReader {
  /** Labels a compose file may set itself, which the monitor reads as durations. */
  private static final List<String> DURATION_LABELS = List.of(Labels.WINDOW, Labels.INTERVAL);

  /**
   * The service keys Shipshape applies to the containers it creates ({@code networks} is read and
   * shown, but a container joins only the project's default network, so it is not here); {@code
   * build} is read to tell a build-only service. Every other key but {@code x-} extensions is
   * reported as ignored, so nothing disappears silently.
   */
  static final Set<String> APPLIED =
      Set.of(
          "image",
          "build",
          "container_name",
          "environment",
          "command",
          "entrypoint",
          "ports",
          "volumes",
          "labels",
          "healthcheck",
          "restart",
          "depends_on",
          "profiles",
          "x-shipshape");

  /** Top-level keys with a meaning for Shipshape; {@code version} is obsolete in compose too. */
  private static final Set<String> TOP_LEVEL = Set.of("services", "volumes", "version");

  private ComposeReader() {}

  public static ComposeFile read(String yaml, Map<String, String> variables, String profile) {
    List<String> problems = new ArrayList<>();
    String text = yaml == null ? "" : yaml;
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setMaxAliasesForCollections(200);
      options.setCodePointLimit(4 * 1024 * 1024);
      // Interpolate values after parsing, as compose does, so "$X" set to "yes" stays a string.
      root = interpolate(new Yaml(new SafeConstructor(options)).load(text), variables, problems);
    } catch (RuntimeException e) {
      problems.add(
          "the compose file is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
      return new ComposeFile(Map.of(), List.of(), problems);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("services") instanceof Map<?, ?> services)) {
      problems.add("the compose file has no services");
      return new ComposeFile(Map.of(), List.of(), problems);
    }
    Set<String> namedVolumes = new LinkedHashSet<>();
    if (top.get("volumes") instanceof Map<?, ?> volumes) {
      volumes.keySet().forEach(k -> namedVolumes.add(String.valueOf(k)));
    }
    Map<String, ComposeService> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : services.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> def)) {
        problems.add("service " + name + " is not a mapping");
        continue;
      }
      if (!inProfile(def.get("profiles"), profile)) {
        continue;
      }
      result.put(name, service(name, def, namedVolumes, problems));
    }
    Map<String, List<String>> dependants = new LinkedHashMap<>();
    result.forEach(
        (name, s) ->
            s.dependsOn()
                .keySet()
                .forEach(d -> dependants.computeIfAbsent(d, k -> new ArrayList<>()).add(name)));
    result.replaceAll((name, s) -> s.withDependants(dependants.getOrDefault(name, List.of())));
    List<String> order = Graph.order(result, problems);
    List<String> ignored =
        top.keySet().stream()
            .map(String::valueOf)
            .filter(k -> !TOP_LEVEL.contains(k) && !k.startsWith("x-"))
            .toList();
    return new ComposeFile(result, order, problems, ignored);
  }

  private static Object interpolate(Object node, Map<String, String> vars, List<String> problems) {
    if (node instanceof String s) {
      return Interpolation.apply(s, vars, problems);
    }
    if (node instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, interpolate(v, vars, problems)));
      return out;
    }
    if (node instanceof List<?> l) {
      return l.stream().map(v -> interpolate(v, vars, problems)).toList();
    }
    return node;
  }

  private static boolean inProfile(Object profiles, String selected) {
    if (!(profiles instanceof List<?> list) || list.isEmpty()) {
      return true;
    }
    return selected != null && list.stream().map(String::valueOf).anyMatch(selected::equals);
  }

  private static ComposeService service(
      String name, Map<?, ?> def, Set<String> namedVolumes, List<String> problems) {
    String image = def.get("image") == null ? null : String.valueOf(def.get("image"));
    boolean buildOnly = (image == null || image.isBlank()) && def.get("build") != null;
    if (image == null || image.isBlank()) {
      if (!buildOnly) {
        problems.add("service " + name + " has neither image: nor build:, so nothing could run it");
      }
      image = "";
    }
    Map<?, ?> x = def.get("x-shipshape") instanceof Map<?, ?> m ? m : Map.of();
    Tier tier = tier(name, image, x.get("tier"), problems);
    return new ComposeService(
        name,
        image,
        ComposeForms.str(def.get("container_name")),
        ComposeForms.keyValues(
            def.get("environment"), "=", "service " + name + " environment", problems),
        ComposeForms.words(def.get("command")),
        ComposeForms.words(def.get("entrypoint")),
        ComposeForms.ports(name, def.get("ports"), problems),
        ComposeForms.volumes(name, def.get("volumes"), namedVolumes, problems),
        durationLabels(
            name,
            ComposeForms.keyValues(def.get("labels"), "=", "service " + name + " labels", problems),
            problems),
        ComposeForms.healthCheck(name, def.get("healthcheck"), problems),
        ComposeForms.str(def.get("restart")),
        ComposeForms.dependsOn(def.get("depends_on")),
        tier,
        x.get("backup") == null ? "hot" : String.valueOf(x.get("backup")),
        ComposeForms.str(x.get("probe")),
        duration(name, "x-shipshape.window", ComposeForms.str(x.get("window")), problems),
        flag(name, "shareable", x.get("shareable"), problems),
        buildOnly,
        networks(name, def.get("networks"), problems),
        def.keySet().stream()
            .map(String::valueOf)
            .filter(k -> !APPLIED.contains(k) && !k.startsWith("x-"))
            .toList(),
        GoldenForms.golden(name, x.get("golden"), problems),
        GoldenForms.dbErrors(name, x.get("dbErrors"), problems),
        List.of());
  }

  /** A service's networks, short (a list) or long (a mapping with aliases) form. */
  private static Map<String, List<String>> networks(
      String name, Object value, List<String> problems) {
    Map<String, List<String>> networks = new LinkedHashMap<>();
    if (value instanceof List<?> list) {
      list.forEach(n -> networks.put(String.valueOf(n), List.of()));
    } else if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) ->
              networks.put(
                  String.valueOf(k),
                  v instanceof Map<?, ?> c && c.get("aliases") instanceof List<?> aliases
                      ? aliases.stream().map(String::valueOf).toList()
                      : List.of()));
    } else if (value != null) {
      problems.add("service " + name + ": networks must be a list or a mapping");
    }
    return networks;
  }

  /** A duration the monitor reads from the container, kept as written once it is readable. */
  private static String duration(String name, String field, String text, List<String> problems) {
    if (text != null) {
      try {
        Durations.parsePositive(text);
      } catch (InvalidDurationException e) {
        problems.add("service " + name + ": " + field + ": " + e.getMessage());
      }
    }
    return text;
  }

  private static Map<String, String> durationLabels(
      String name, Map<String, String> labels, List<String> problems) {
    for (String label : DURATION_LABELS) {
      duration(name, "label " + label, labels.get(label), problems);
    }
    return labels;
  }

  /**
   * An {@code x-shipshape} yes/no field: absent is no. Interpolation leaves "true" or "false" as
   * text, which counts too; anything else is refused.
   */
  private static boolean flag(String name, String field, Object value, List<String> problems) {
    String text = value == null ? "false" : String.valueOf(value);
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true");
    }
    problems.add(
        "service " + name + ": x-shipshape." + field + " must be true or false, not " + value);
    return false;
  }

  static Tier tier(String name, String image, Object declared, List<String> problems) {
    if (declared != null) {
      try {
        return Tier.valueOf(String.valueOf(declared).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            "service "
                + name
                + ": x-shipshape.tier must be database, vector, model or agent, not "
                + declared);
      }
    }
    String repo = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = repo.lastIndexOf(':');
    if (colon > repo.lastIndexOf('/')) {
      repo = repo.substring(0, colon);
    }
    String last = repo.substring(repo.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (last.matches("(postgres|postgresql|mysql|mariadb|redis|mongo|mongodb)(-.*)?")) {
      return Tier.DATABASE;
    }
    if (last.matches("(qdrant|weaviate|milvus|chroma|chromadb)(-.*)?")) {
      return Tier.VECTOR;
    }
    if (last.matches(
        "(ollama|vllm|vllm-openai|tgi|text-generation-inference|llama\\.cpp|llama-cpp|llamacpp)(-.*)?")) {
      return Tier.MODEL;
    }
    return Tier.AGENT;
  }
}
