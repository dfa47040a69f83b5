package org.editrl.cli;

import java.nio.file.Path;
import org.editrl.core.UserError;

/** The {@code --preset} values every long-running command takes. */
final class Presets {
  static final String DEFAULT = "default";
  static final String SMOKE = "smoke";

  private Presets() {}

  /** True for {@code smoke}; a value other than default/smoke is a user error. */
  static boolean isSmoke(String preset) {
    if (SMOKE.equalsIgnoreCase(preset)) {
      return true;
    }
    if (DEFAULT.equalsIgnoreCase(preset)) {
      return false;
    }
    throw new UserError("unknown preset '" + preset + "': use default or smoke");
  }

  /** Where pretrain writes, and train looks for, the cached base of a preset. */
  static Path baseCheckpoint(String preset) {
    return isSmoke(preset) ? Path.of("runs", "base-smoke") : Path.of("runs", "base");
  }
}
