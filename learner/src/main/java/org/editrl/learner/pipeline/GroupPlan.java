package org.editrl.learner.pipeline;

import org.editrl.core.Seeds;
import org.editrl.learner.grpo.GrpoSettings;

/**
 * The random choices of one group, derived from the run seed and the task's position in the
 * run's task stream, so the sync loop, the rollout actors and a resumed run all make the same ones.
 */
public final class GroupPlan {
  private GroupPlan() {}

  /** Seed of the group's initial noises and SDE noises. */
  public static long noiseSeed(long runSeed, long taskOrdinal) {
    return Seeds.derive(runSeed, "noise", taskOrdinal);
  }

  /**
   * The window start r of the group of the task at {@code taskOrdinal}, placed as the settings say
   * (a window covering the whole grid, as per-step GRPO uses, starts at 0).
   */
  public static int windowStart(long runSeed, long taskOrdinal, GrpoSettings settings) {
    return settings.windowPlacement().windowStart(Seeds.derive(runSeed, "window", taskOrdinal),
        settings.samplingSteps(), settings.effectiveWindowLength());
  }
}
