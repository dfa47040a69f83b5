package org.editrl.actors.node;

import org.editrl.actors.learner.Learner;
import org.editrl.actors.reward.RewardWorker;
import org.editrl.actors.rollout.RolloutWorker;

/**
 * Everything a node reports about its actors, in one place: metrics and the progress bar
 * implement it. Methods are called from actor threads and must not block.
 */
public interface NodeListener extends Learner.Listener {
  RolloutWorker.Listener forRolloutWorker(String workerId);

  RewardWorker.Listener forRewardWorker(String workerId);
}
