package org.editrl.learner.pipeline;

import java.util.List;
import org.editrl.core.RgbImage;
import org.editrl.world.EditTask;

/** Scores a group's final images for its task (the reward workers and the sync loop share it). */
public interface ScoringStage {
  GroupScores score(EditTask task, List<RgbImage> finals);
}
