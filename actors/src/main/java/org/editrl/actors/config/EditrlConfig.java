package org.editrl.actors.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.editrl.core.UserError;

/**
 * The loaded, validated configuration: the user's layers ({@code --config FILE}, then each
 * {@code --set key=value} in order) over editrl's reference over every library's {@code
 * reference.conf} (Pekko's among them). Immutable.
 *
 * <p>Section records read their keys with the typed getters here, which turn a wrong type or an
 * out-of-range value into a one-line {@link UserError} naming the key, what it must be, the value
 * given and where it came from.
 */
public final class EditrlConfig {
  private static final List<String> TOP_LEVEL = List.of("editrl", "pekko");

  private final Config overrides;
  private final Config config;

  private EditrlConfig(Config overrides) {
    this.overrides = overrides;
    Config libraries = ConfigFactory.defaultReference();
    try {
      this.config =
          overrides
              .withFallback(ConfigReference.get().unresolved())
              .withFallback(libraries)
              .resolve();
    } catch (ConfigException e) {
      throw new UserError("invalid configuration: " + e.getMessage());
    }
    validateKeys();
  }

  /** The defaults alone (plus {@code EDITRL_*} environment variables the reference reads). */
  public static EditrlConfig defaults() {
    return new EditrlConfig(ConfigFactory.empty());
  }

  /**
   * Loads the defaults, then {@code file} (if not null), then the overrides in order.
   *
   * @param sets {@code key=value} strings; the value is HOCON ({@code 8}, {@code 2s}, {@code
   *     ["a:1","b:2"]}) or, if it does not parse as HOCON, a plain string
   * @throws UserError for a missing or malformed file, a malformed override, an unknown key or a
   *     value that does not resolve
   */
  public static EditrlConfig load(Path file, List<String> sets) {
    Config layers = ConfigFactory.empty();
    for (String set : sets) {
      layers = parseSet(set).withFallback(layers);
    }
    if (file != null) {
      layers = layers.withFallback(parseFile(file));
    }
    return new EditrlConfig(layers);
  }

  /** Loads from HOCON text (tests, embedding). */
  public static EditrlConfig parse(String hocon, String originDescription) {
    try {
      return new EditrlConfig(
          ConfigFactory.parseString(
              hocon, ConfigParseOptions.defaults().setOriginDescription(originDescription)));
    } catch (ConfigException.Parse e) {
      throw new UserError("cannot parse " + originDescription + ": " + e.getMessage());
    }
  }

  /** This configuration with more {@code key=value} overrides on top. */
  public EditrlConfig withSets(List<String> sets) {
    Config layers = overrides;
    for (String set : sets) {
      layers = parseSet(set).withFallback(layers);
    }
    return new EditrlConfig(layers);
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("config file not found: " + file + " (check the --config path)");
    }
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException e) {
      throw new UserError("cannot parse config file " + file + ": " + e.getMessage());
    }
  }

  private static Config parseSet(String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw new UserError(
          "--set expects key=value, got '" + set + "' (e.g. --set editrl.weights.port=7356)");
    }
    String key = set.substring(0, eq).strip();
    String value = set.substring(eq + 1).strip();
    if (TOP_LEVEL.stream().noneMatch(t -> key.equals(t) || key.startsWith(t + "."))) {
      String guess = "editrl." + key;
      String hint =
          ConfigReference.get().accepts(guess)
              ? " (did you mean " + guess + "?)"
              : " (keys start with editrl. or pekko.)";
      throw new UserError("unknown config key " + key + " in --set " + set + hint);
    }
    ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + set);
    try {
      Config parsed = ConfigFactory.parseString(key + " = " + value, origin);
      if (parsed.hasPathOrNull(key)) {
        return parsed;
      }
    } catch (ConfigException e) {
      // Not HOCON (e.g. host:port or a path with spaces): take it as a plain string.
    }
    try {
      return ConfigFactory.empty(origin.getOriginDescription())
          .withValue(key, ConfigValueFactory.fromAnyRef(value, "--set " + set));
    } catch (ConfigException e) {
      throw new UserError("malformed config key in --set " + set + ": " + e.getMessage());
    }
  }

  private void validateKeys() {
    Config user;
    try {
      user = overrides.resolveWith(config);
    } catch (ConfigException e) {
      throw new UserError("invalid configuration: " + e.getMessage());
    }
    for (String top : user.root().keySet()) {
      if (!TOP_LEVEL.contains(top)) {
        throw new UserError(
            "unknown top-level config key '" + top + "' ("
                + user.root().get(top).origin().description()
                + "); editrl settings go under editrl { … }, Pekko's under pekko { … }");
      }
    }
    if (!user.hasPath("editrl")) {
      return;
    }
    ConfigReference ref = ConfigReference.get();
    if (user.getValue("editrl").valueType() != ConfigValueType.OBJECT) {
      throw new UserError("config key editrl must be an object of settings, got "
          + ConfigReference.render(user.getValue("editrl")));
    }
    for (Map.Entry<String, ConfigValue> e : user.getConfig("editrl").entrySet()) {
      String path = "editrl." + e.getKey();
      if (!ref.accepts(path)) {
        throw new UserError(
            "unknown config key " + path + " (" + e.getValue().origin().description()
                + "; did you mean " + ref.nearest(path) + "?)");
      }
    }
  }

  /** The whole resolved tree, Pekko's settings included. */
  public Config config() {
    return config;
  }

  /** Only what the user set (file and overrides), unresolved. */
  public Config overrides() {
    return overrides;
  }

  // ---- typed getters: each failure is a one-line UserError naming key, expectation and value

  public String string(String key) {
    return read(key, "a string", () -> config.getString(key));
  }

  /** A string where "" means not set. */
  public Optional<String> optString(String key) {
    String s = string(key);
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** A path where "" means not set. */
  public Optional<Path> optPath(String key) {
    return optString(key).map(Path::of);
  }

  public Path path(String key) {
    return optPath(key).orElseThrow(() -> bad(key, "a non-empty path"));
  }

  public boolean bool(String key) {
    return read(key, "a boolean (on/off, true/false)", () -> config.getBoolean(key));
  }

  public long longValue(String key) {
    return read(key, "an integer", () -> config.getLong(key));
  }

  public int intValue(String key, int min, int max) {
    long v = read(key, "an integer", () -> config.getLong(key));
    if (v < min || v > max) {
      throw bad(key, "an integer in [" + min + ", " + max + "]");
    }
    return (int) v;
  }

  public double doubleValue(String key) {
    return read(key, "a number", () -> config.getDouble(key));
  }

  /** A size in bytes ({@code 1MiB}, {@code 65536}) within bounds. */
  public long bytes(String key, long min, long max) {
    long v = read(key, "a size in bytes (e.g. 1MiB)", () -> config.getBytes(key));
    if (v < min || v > max) {
      throw bad(key, "a size in bytes between " + min + " and " + max);
    }
    return v;
  }

  /** A non-negative duration ({@code 200ms}, {@code 10s}). */
  public Duration duration(String key) {
    Duration d = read(key, "a duration (e.g. 500ms, 10s)", () -> config.getDuration(key));
    if (d.isNegative()) {
      throw bad(key, "a non-negative duration");
    }
    return d;
  }

  public List<String> stringList(String key) {
    return read(key, "a list of strings", () -> config.getStringList(key));
  }

  /** An enum constant, written in lower case with '-' for '_'. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
    String allowed =
        Arrays.stream(type.getEnumConstants())
            .map(EditrlConfig::configName)
            .collect(Collectors.joining(", "));
    String s = read(key, "one of " + allowed, () -> config.getString(key));
    for (E e : type.getEnumConstants()) {
      if (configName(e).equals(s.strip().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw bad(key, "one of " + allowed);
  }

  /** How an enum constant is written in the config: {@code KUBERNETES → kubernetes}. */
  public static String configName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private interface Getter<T> {
    T get();
  }

  private <T> T read(String key, String expected, Getter<T> getter) {
    try {
      return getter.get();
    } catch (ConfigException.Missing e) {
      throw new UserError("config key " + key + " is missing (it must be " + expected + ")");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw bad(key, expected);
    }
  }

  /** The error for a value that is not what the key needs. */
  public UserError bad(String key, String expected) {
    String value = config.hasPathOrNull(key) && !config.getIsNull(key)
        ? ConfigReference.render(config.getValue(key))
        : "null";
    String origin = config.hasPathOrNull(key) && !config.getIsNull(key)
        ? " (from " + config.getValue(key).origin().description() + ")"
        : "";
    return new UserError("config key " + key + " must be " + expected + ", got " + value + origin);
  }

  /** Rendered user-facing HOCON of the editrl section (for {@code editrl config}). */
  public String renderEditrl() {
    return config.getConfig("editrl").root().render(
        com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }
}
