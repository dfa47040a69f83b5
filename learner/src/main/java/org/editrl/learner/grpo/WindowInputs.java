package org.editrl.learner.grpo;

import ai.djl.ndarray.NDArray;
import org.editrl.model.Conditioning;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;

/**
 * One sampled group as the objectives need it, all arrays in the caller's manager.
 *
 * @param conditioning the task's conditioning repeated for each of the G samples
 * @param states stored states x_r … x_{r+k}, [G, k+1, 3, H, W], detached
 * @param noises stored SDE noises ε_r … ε_{r+k−1}, [G, k, 3, H, W]
 * @param oldLogProbs behaviour log-probs, [G, k]
 * @param advantages one advantage per sample, [G]
 * @param windowStart r, the grid index of the window's first step
 * @param grid the sampler's time grid
 * @param sde the SDE settings the group was sampled with
 */
public record WindowInputs(
    Conditioning conditioning,
    NDArray states,
    NDArray noises,
    NDArray oldLogProbs,
    NDArray advantages,
    int windowStart,
    TimeGrid grid,
    SdeSettings sde) {

  public int windowLength() {
    return (int) oldLogProbs.getShape().get(1);
  }

  public int groupSize() {
    return (int) oldLogProbs.getShape().get(0);
  }
}
