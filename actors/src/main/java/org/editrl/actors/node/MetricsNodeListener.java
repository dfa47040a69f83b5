package org.editrl.actors.node;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.editrl.actors.learner.Learner;
import org.editrl.actors.metrics.EditrlMetrics;
import org.editrl.actors.reward.RewardWorker;
import org.editrl.actors.rollout.RolloutWorker;
import org.editrl.proto.JudgeScore;
import org.editrl.proto.SampleReward;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.TrajectoryGroup;

/**
 * Feeds a node's actor events into its Prometheus metrics and hands learner updates to a
 * progress callback (the progress bar and the JSONL on stdout).
 */
public final class MetricsNodeListener implements NodeListener {
  private final EditrlMetrics metrics;
  private final Consumer<Map<String, Object>> onUpdate;
  private final Runnable onFinished;
  private final Consumer<Throwable> onFailed;

  public MetricsNodeListener(EditrlMetrics metrics, Consumer<Map<String, Object>> onUpdate,
      Runnable onFinished, Consumer<Throwable> onFailed) {
    this.metrics = metrics;
    this.onUpdate = onUpdate;
    this.onFinished = onFinished;
    this.onFailed = onFailed;
  }

  @Override
  public void onFailed(Throwable failure) {
    onFailed.accept(failure);
  }

  @Override
  public void onUpdate(Map<String, Object> line) {
    metrics.learnerStep(number(line, "reward_mean"), number(line, "clip_fraction"),
        number(line, "approx_kl"), number(line, "grad_norm"), number(line, "lr"));
    metrics.setPolicyVersion(((Number) line.get("step")).longValue());
    if (line.get("nonfinite_grad_steps") instanceof Number n) {
      metrics.nonFiniteGradSteps(n.longValue());
    }
    if (line.get("update_seconds") instanceof Number n) {
      metrics.learnerStepTook(Duration.ofNanos((long) (n.doubleValue() * 1e9)));
    }
    onUpdate.accept(line);
  }

  @Override
  public void onDropped(ScoredGroup group, String reason) {
    metrics.groupDropped(reason);
  }

  @Override
  public void onAdmitted(ScoredGroup group, long staleness) {
    metrics.observeStaleness(staleness);
    metrics.groupDone("learner", "learner");
  }

  @Override
  public void onFinished() {
    onFinished.run();
  }

  @Override
  public RolloutWorker.Listener forRolloutWorker(String workerId) {
    return new RolloutWorker.Listener() {
      @Override
      public void onGroup(TrajectoryGroup group) {
        metrics.groupDone("rollout", workerId);
        metrics.rolloutTook(Duration.ofNanos((long) (group.getSamplingSeconds() * 1e9)));
      }

      @Override
      public void onAdapter(long version) {
        metrics.setWorkerPolicyVersion(workerId, version);
      }
    };
  }

  @Override
  public RewardWorker.Listener forRewardWorker(String workerId) {
    return new RewardWorker.Listener() {
      @Override
      public void onScored(ScoredGroup scored) {
        metrics.groupDone("reward", workerId);
        for (SampleReward r : scored.getRewardsList()) {
          for (JudgeScore j : r.getJudgesList()) {
            metrics.observeReward(j.getJudge(), j.getScore());
          }
        }
        metrics.rewardTook(scored.getRewards(0).getJudges(0).getJudge(),
            Duration.ofNanos((long) (scored.getScoringSeconds() * 1e9)));
      }

      @Override
      public void onFailed(TrajectoryGroup group, Throwable failure) {
        metrics.groupDropped("judge_failed");
      }

      @Override
      public void onQueueDepth(int depth) {
        metrics.setQueueDepth("trajectories", depth);
      }
    };
  }

  private static double number(Map<String, Object> line, String key) {
    return line.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
