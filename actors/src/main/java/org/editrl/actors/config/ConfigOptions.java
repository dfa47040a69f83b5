package org.editrl.actors.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} and repeatable {@code --set key=value} options, as a picocli mixin
 * for every command that reads the configuration:
 *
 * <pre>{@code
 * @CommandLine.Mixin ConfigOptions configOptions;
 * ...
 * EditrlConfig config = configOptions.load();
 * }</pre>
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON file with settings over the defaults (every key: docs/config.md).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set editrl.weights.port=0; repeatable, applied in order after --config.")
  List<String> sets = new ArrayList<>();

  /**
   * Loads defaults, the file and the overrides.
   *
   * @throws org.editrl.core.UserError for a missing file, a malformed override or an unknown key
   */
  public EditrlConfig load() {
    return EditrlConfig.load(file, sets);
  }

  /** The file given with {@code --config}, or null. */
  public Path file() {
    return file;
  }

  /** The {@code --set} overrides in the order given. */
  public List<String> sets() {
    return List.copyOf(sets);
  }
}
