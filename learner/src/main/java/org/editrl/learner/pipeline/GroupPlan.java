package org.editrl.learner.pipeline;

import java.util.SplittableRandom;
import org.editrl.core.Seeds;

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
   * The window start r, uniform in [0, T − k]; a window covering the whole grid (per-step GRPO)
   * starts at 0.
   */
  public static int windowStart(long runSeed, long taskOrdinal, int samplingSteps,
      int windowLength) {
    int span = samplingSteps - windowLength;
    if (span <= 0) {
      return 0;
    }
    return new SplittableRandom(Seeds.derive(runSeed, "window", taskOrdinal)).nextInt(span + 1);
  }
}
