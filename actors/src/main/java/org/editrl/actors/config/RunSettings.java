package org.editrl.actors.config;

import java.nio.file.Path;

/**
 * {@code editrl.run}: the run as a whole.
 *
 * @param outDir directory for checkpoints, JSONL metrics and plots
 * @param seed root seed every random stream derives from
 */
public record RunSettings(Path outDir, long seed) {
  public static RunSettings from(EditrlConfig c) {
    return new RunSettings(c.path("editrl.run.out-dir"), c.longValue("editrl.run.seed"));
  }
}
