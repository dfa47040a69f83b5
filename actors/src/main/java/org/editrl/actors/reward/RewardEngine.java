package org.editrl.actors.reward;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.editrl.core.RgbImage;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.proto.JudgeScore;
import org.editrl.proto.SampleReward;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.TrajectoryGroup;
import org.editrl.proto.TrajectoryWindow;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.rollout.ProtoTensors;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;

/**
 * Scores a group: every sample's final image goes to the judge on the judge executor (whose size
 * bounds the concurrent judge calls), each call with a timeout. A failed or timed-out call fails
 * the whole group, so the learner never sees a partly scored group.
 */
public final class RewardEngine {
  private final Judge judge;
  private final EditWorld world;
  private final Executor judgeCalls;
  private final Duration timeout;

  public RewardEngine(Judge judge, EditWorld world, Executor judgeCalls, Duration timeout) {
    this.judge = judge;
    this.world = world;
    this.judgeCalls = judgeCalls;
    this.timeout = timeout;
  }

  public String judgeName() {
    return judge.name();
  }

  public CompletableFuture<ScoredGroup> score(TrajectoryGroup group) {
    long started = System.nanoTime();
    EditTask task;
    try {
      task = WorldTasks.fromProto(group.getTask(), world);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<JudgeResult>> calls = new ArrayList<>();
    for (TrajectoryWindow sample : group.getSamplesList()) {
      var finalImage = sample.getFinalImage();
      // The sampler does not clamp; judges see the image as it would be saved.
      RgbImage image = new RgbImage((int) finalImage.getShape(2), (int) finalImage.getShape(1),
          ProtoTensors.floats(finalImage)).clamped();
      calls.add(CompletableFuture.supplyAsync(() -> judge.score(task, image), judgeCalls)
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> {
      ScoredGroup.Builder scored = ScoredGroup.newBuilder().setGroup(group);
      for (CompletableFuture<JudgeResult> call : calls) {
        JudgeResult r = call.join();
        JudgeScore.Builder js = JudgeScore.newBuilder().setJudge(judge.name()).setScore(r.score());
        for (Map.Entry<String, Double> e : r.subScores().entrySet()) {
          js.putSubScores(e.getKey(), e.getValue());
        }
        scored.addRewards(SampleReward.newBuilder().setReward(r.score()).addJudges(js));
      }
      return scored.setScoringSeconds((System.nanoTime() - started) / 1e9).build();
    });
  }
}
