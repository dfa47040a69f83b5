package org.editrl.learner.grpo;

import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;

/**
 * A scored group ready for an update.
 *
 * @param task the task the group edits
 * @param trajectory the sampled windows (arrays owned by the caller, read only here)
 * @param rewards combined reward per sample, aligned with the trajectory's samples
 * @param policyVersion the adapter version that sampled the group
 */
public record TrainingGroup(EditTask task, WindowedTrajectory trajectory, double[] rewards,
    long policyVersion) {}
