package org.editrl.learner.pipeline;

import ai.djl.ndarray.NDManager;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;

/**
 * Samples one group of edits for a task with the adapter the stage currently holds. The
 * synchronous loop and the rollout actors share this stage, so both sample the same way.
 */
public interface RolloutStage {
  /**
   * @param m the manager that owns the returned arrays
   * @param windowStart r, drawn by the caller per group
   * @param seed fixes the group's initial noises and SDE noises
   */
  WindowedTrajectory sampleGroup(NDManager m, EditTask task, int windowStart, long seed);

  /** The adapter version the stage samples with (0 = the base). */
  long policyVersion();
}
