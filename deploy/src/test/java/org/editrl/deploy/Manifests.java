package org.editrl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Kubernetes manifests of deploy/k8s, and the editrl configuration each container runs with. */
final class Manifests {
  /** The name of the editrl container in every workload. */
  static final String CONTAINER = "editrl";

  private static final Pattern SET = Pattern.compile("--set[= ]+([^\\s\"']+)");
  private static final Pattern CONFIG = Pattern.compile("--config[= ]+([^\\s\"']+)");

  /** One Kubernetes object and the file it is in. */
  record Resource(Path file, JsonNode doc) {
    String kind() {
      return doc.path("kind").asText();
    }

    String name() {
      return doc.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " (" + file.getFileName() + ")";
    }
  }

  private final List<Resource> resources = new ArrayList<>();

  private Manifests() {}

  /** Every object of every manifest in deploy/k8s except the kustomization. */
  static Manifests load() {
    Manifests m = new Manifests();
    for (Path f : DeployFiles.files(DeployFiles.k8s(), ".yaml", ".yml")) {
      if (f.getFileName().toString().startsWith("kustomization.")) {
        continue;
      }
      for (JsonNode doc : DeployFiles.yamlDocuments(f)) {
        m.resources.add(new Resource(f, doc));
      }
    }
    return m;
  }

  List<Resource> all() {
    return resources;
  }

  List<Resource> ofKind(String kind) {
    return resources.stream().filter(r -> r.kind().equals(kind)).toList();
  }

  Resource one(String kind) {
    List<Resource> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " in deploy/k8s, found " + found);
    }
    return found.get(0);
  }

  Resource named(String kind, String name) {
    return ofKind(kind).stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in deploy/k8s"));
  }

  /** StatefulSets and Deployments. */
  List<Resource> workloads() {
    return resources.stream()
        .filter(r -> r.kind().equals("StatefulSet") || r.kind().equals("Deployment"))
        .toList();
  }

  /** The workload whose pods carry {@code app.kubernetes.io/component=component}. */
  Resource workload(String component) {
    return workloads().stream()
        .filter(w -> component.equals(podLabels(w).path("app.kubernetes.io/component").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload with component " + component));
  }

  static JsonNode podSpec(Resource workload) {
    return workload.doc().path("spec").path("template").path("spec");
  }

  static JsonNode podLabels(Resource workload) {
    return workload.doc().path("spec").path("template").path("metadata").path("labels");
  }

  static JsonNode podAnnotations(Resource workload) {
    return workload.doc().path("spec").path("template").path("metadata").path("annotations");
  }

  static JsonNode container(Resource workload) {
    for (JsonNode c : podSpec(workload).path("containers")) {
      if (CONTAINER.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError(workload + " has no container named " + CONTAINER);
  }

  /** {@code command} and {@code args} joined by spaces (shell scripts included). */
  static String commandLine(JsonNode container) {
    List<String> parts = new ArrayList<>();
    container.path("command").forEach(n -> parts.add(n.asText()));
    container.path("args").forEach(n -> parts.add(n.asText()));
    return String.join(" ", parts);
  }

  /** Each {@code --set KEY=VALUE} of a command line, in order. */
  static List<String> sets(String commandLine) {
    List<String> out = new ArrayList<>();
    Matcher m = SET.matcher(commandLine);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The {@code --config FILE} of a command line, or null. */
  static String configFile(String commandLine) {
    Matcher m = CONFIG.matcher(commandLine);
    return m.find() ? m.group(1) : null;
  }

  /** A container's environment variables: name to node ({@code value} or {@code valueFrom}). */
  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  /** Container port numbers by port name. */
  static Map<String, Integer> ports(JsonNode container) {
    Map<String, Integer> ports = new java.util.LinkedHashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return ports;
  }

  /** The ConfigMap's files as HOCON: the override file passed with --config. */
  Config configMapFile(String name, String key) {
    JsonNode data = named("ConfigMap", name).doc().path("data");
    if (!data.has(key)) {
      throw new AssertionError("ConfigMap " + name + " has no key " + key);
    }
    return DeployFiles.hocon(data.get(key).asText(), "ConfigMap " + name + " " + key);
  }

  /** One {@code --set KEY=VALUE} as editrl reads it: HOCON, or a plain string if that fails. */
  static Config parseSet(String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw new AssertionError("malformed --set " + set);
    }
    String key = set.substring(0, eq);
    String value = set.substring(eq + 1);
    try {
      return DeployFiles.hocon(key + " = " + value, "--set " + set);
    } catch (ConfigException e) {
      return ConfigFactory.empty("--set " + set).withValue(key, ConfigValueFactory.fromAnyRef(value));
    }
  }

  /**
   * The {@code editrl.*} keys of {@code overrides} that editrl would refuse: not in the reference
   * (nor under a free-form map, an empty object there), or set to an object where the reference
   * has a value.
   */
  static List<String> unknownKeys(Config overrides, Config reference) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("editrl.")) {
        continue;
      }
      if (!known(key, reference)) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  private static boolean known(String key, Config reference) {
    if (reference.hasPathOrNull(key)) {
      return reference.getValue(key).valueType() != ConfigValueType.OBJECT;
    }
    // Under a free-form map (an empty object in the reference)?
    for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
      String prefix = key.substring(0, dot);
      if (reference.hasPathOrNull(prefix)
          && reference.getValue(prefix).valueType() == ConfigValueType.OBJECT
          && reference.getObject(prefix).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The configuration a container runs with: reference, then its --config file, then its --set. */
  Config effectiveConfig(Resource workload, Config reference) {
    String line = commandLine(container(workload));
    Config config = ConfigFactory.empty();
    for (String set : sets(line)) {
      config = parseSet(set).withFallback(config);
    }
    String file = configFile(line);
    if (file != null) {
      config = config.withFallback(configFileOf(workload, file));
    }
    return config.withFallback(reference).resolve();
  }

  /** The ConfigMap file that {@code path} names inside the workload's pods. */
  Config configFileOf(Resource workload, String path) {
    for (JsonNode mount : container(workload).path("volumeMounts")) {
      String dir = mount.path("mountPath").asText();
      if (!path.startsWith(dir + "/")) {
        continue;
      }
      String key = path.substring(dir.length() + 1);
      for (JsonNode volume : podSpec(workload).path("volumes")) {
        if (volume.path("name").asText().equals(mount.path("name").asText())
            && volume.has("configMap")) {
          return configMapFile(volume.path("configMap").path("name").asText(), key);
        }
      }
    }
    throw new AssertionError(workload + ": --config " + path + " is not a file of a mounted ConfigMap");
  }

  /** Whether a label selector (matchLabels, a Service's selector) picks pods with these labels. */
  static boolean selects(JsonNode selector, JsonNode labels) {
    Set<String> names = new java.util.HashSet<>();
    selector.fieldNames().forEachRemaining(names::add);
    for (String n : names) {
      if (!selector.path(n).asText().equals(labels.path(n).asText(null))) {
        return false;
      }
    }
    return !names.isEmpty();
  }
}
