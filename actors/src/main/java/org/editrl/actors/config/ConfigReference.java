package org.editrl.actors.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The keys of {@code editrl-reference.conf}: their defaults and the comments that document
 * them. The single source for validation (which keys exist), suggestions and the docs table.
 */
public final class ConfigReference {
  /** Class-path resource holding editrl's defaults. */
  public static final String RESOURCE = "editrl-reference.conf";

  /** One documented key: full path, default rendered as HOCON, and its comment. */
  public record Key(String path, String defaultValue, String comment) {}

  private static final ConfigReference INSTANCE = load();

  private final Config unresolved;
  private final Config resolved;
  private final List<Key> keys;

  private ConfigReference(Config unresolved) {
    this.unresolved = unresolved;
    // Resolve without the environment so that defaults (and the docs) do not depend on it.
    this.resolved =
        unresolved.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    List<Key> list = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : resolved.getConfig("editrl").entrySet()) {
      String path = "editrl." + e.getKey();
      list.add(new Key(path, render(e.getValue()), String.join(" ", comments(path))));
    }
    for (String open : openMaps(resolved.getObject("editrl"), "editrl")) {
      list.add(new Key(open, "{}", String.join(" ", comments(open))));
    }
    list.sort(Comparator.comparing(Key::path));
    this.keys = List.copyOf(list);
  }

  public static ConfigReference get() {
    return INSTANCE;
  }

  private static ConfigReference load() {
    Config c =
        ConfigFactory.parseResources(
            ConfigReference.class.getClassLoader(),
            RESOURCE,
            ConfigParseOptions.defaults().setAllowMissing(false));
    return new ConfigReference(c);
  }

  /** The reference as parsed (substitutions such as {@code ${?ENV}} not yet resolved). */
  public Config unresolved() {
    return unresolved;
  }

  /** Every leaf key (and every free-form map) under {@code editrl}, sorted. */
  public List<Key> keys() {
    return keys;
  }

  public List<String> paths() {
    return keys.stream().map(Key::path).collect(Collectors.toList());
  }

  /** Whether {@code path} is a known leaf, or lies inside a free-form map ({@code {}}). */
  public boolean accepts(String path) {
    if (resolved.hasPathOrNull(path)) {
      return resolved.getIsNull(path) || resolved.getValue(path).valueType() != ConfigValueType.OBJECT
          || isEmptyObject(path);
    }
    for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
      String prefix = path.substring(0, dot);
      if (resolved.hasPathOrNull(prefix)) {
        return isEmptyObject(prefix);
      }
    }
    return false;
  }

  /** The documented key closest to {@code path} by edit distance. */
  public String nearest(String path) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Key k : keys) {
      int d = Levenshtein.distance(path, k.path());
      if (d < bestDistance) {
        best = k.path();
        bestDistance = d;
      }
    }
    return best;
  }

  /** The key's documentation: a Markdown table row per key. */
  public String markdownTable() {
    StringBuilder sb = new StringBuilder("| key | default | meaning |\n|-----|---------|---------|\n");
    for (Key k : keys) {
      sb.append("| `").append(k.path()).append("` | `").append(k.defaultValue()).append("` | ")
          .append(k.comment().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  private boolean isEmptyObject(String path) {
    ConfigValue v = resolved.getValue(path);
    return v.valueType() == ConfigValueType.OBJECT && ((ConfigObject) v).isEmpty();
  }

  private List<String> comments(String path) {
    List<String> out = new ArrayList<>();
    try {
      out.addAll(unresolved.getValue(path).origin().comments());
    } catch (RuntimeException e) {
      // An unresolved substitution has no value to read comments from; use the resolved one.
      out.addAll(resolved.getValue(path).origin().comments());
    }
    if (out.isEmpty()) {
      out.addAll(resolved.getValue(path).origin().comments());
    }
    return out.stream().map(String::strip).collect(Collectors.toList());
  }

  private static List<String> openMaps(ConfigObject obj, String prefix) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      if (e.getValue() instanceof ConfigObject child) {
        String path = prefix + "." + e.getKey();
        if (child.isEmpty()) {
          out.add(path);
        } else {
          out.addAll(openMaps(child, path));
        }
      }
    }
    return out;
  }

  /** A value as it would be written in HOCON (strings quoted, lists in brackets). */
  static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
  }
}
