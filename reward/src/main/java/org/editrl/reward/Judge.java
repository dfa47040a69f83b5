package org.editrl.reward;

import org.editrl.core.RgbImage;
import org.editrl.world.EditTask;

/**
 * Scores a candidate edit of a task in [0, 1] (higher is better), with named sub-scores.
 * Implementations are thread-safe and deterministic unless they say otherwise.
 */
public interface Judge {
  /** The name used on the command line and in metrics ("verifiable"). */
  String name();

  /**
   * @param task the task (source, instruction; a target and mask where the judge needs them)
   * @param candidate the edited image, the task's size
   * @throws org.editrl.core.UserError when the task lacks what this judge needs or the candidate
   *     has the wrong size
   */
  JudgeResult score(EditTask task, RgbImage candidate);
}
