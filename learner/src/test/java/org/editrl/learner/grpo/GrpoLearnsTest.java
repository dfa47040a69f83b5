package org.editrl.learner.grpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.RgbImage;
import org.editrl.learner.advantage.AdvantageMode;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.learner.testing.SmokeBases;
import org.editrl.model.Conditioning;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.flow.SdeSettings;
import org.editrl.rollout.GroupSampler;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;

/**
 * End to end, GRPO must move the policy the way a reward points. The reward is the mean
 * brightness of the edit (or its negative), which any policy can change: after a few Dense GRPO
 * steps the deterministic (ODE) edits of the same tasks must be brighter (darker) than before.
 * This catches a wrong sign anywhere in the chain (advantages, log-probs, surrogate, optimiser)
 * and gradients that are garbage.
 */
class GrpoLearnsTest {
  private static final int STEPS = 20;

  @Test
  void denseGrpoMovesThePolicyTheWayTheRewardPoints() {
    EngineThreads.set(1);
    double[] bright = trainAndMeasure(+1);
    double[] dark = trainAndMeasure(-1);
    assertThat(bright[0]).isEqualTo(dark[0]);
    double before = bright[0];
    // Measured: 0.6078 → 0.6111 (brighter) and → 0.6040 (darker) on the smoke network.
    assertThat(bright[1]).as("rewarded for brightness: %.4f → %.4f", before, bright[1])
        .isGreaterThan(before + 0.001);
    assertThat(dark[1]).as("rewarded for darkness: %.4f → %.4f", before, dark[1])
        .isLessThan(before - 0.001);
    assertThat(bright[1] - dark[1]).isGreaterThan(0.005);
  }

  /** Mean ODE brightness of the fixed tasks before and after training for {@code sign}·brightness. */
  private static double[] trainAndMeasure(int sign) {
    try (EditPolicy policy = SmokeBases.perturbed(21)) {
      GrpoSettings d = GrpoSettings.defaults();
      GrpoSettings g = new GrpoSettings(Objective.DENSE, AdvantageMode.GROUP, 8, 4,
          d.samplingSteps(), d.windowLength(), d.noiseLevel(), d.clipRange(), 0f, 2, 3e-2f, 0.1,
          1f, 0f, true, d.initialNoise(), d.windowPlacement(), 1);
      EditWorld world = new EditWorld(1, policy.config().imageSize());
      List<EditTask> tasks = new ArrayList<>();
      for (int i = 0; i < g.tasksPerStep(); i++) {
        tasks.add(world.task(Split.TRAIN, i));
      }
      double before = odeBrightness(policy, g, tasks);
      GrpoLearner learner = new GrpoLearner(policy, g, STEPS);
      PolicyRollout rollout = PolicyRollout.of(policy, g, policy.config().maxTokens(),
          learner::policyVersion);
      for (int step = 0; step < STEPS; step++) {
        try (NDManager m = NDManager.newBaseManager()) {
          List<TrainingGroup> batch = new ArrayList<>();
          for (int b = 0; b < tasks.size(); b++) {
            WindowedTrajectory tr = rollout.sampleGroup(m, tasks.get(b), (step + b) % 6,
                1000L * step + b);
            List<RgbImage> finals = TaskTensors.toImages(tr.finals());
            double[] rewards = new double[finals.size()];
            for (int i = 0; i < rewards.length; i++) {
              rewards[i] = sign * brightness(finals.get(i));
            }
            batch.add(new TrainingGroup(tasks.get(b), tr, rewards, learner.policyVersion()));
          }
          assertThat(learner.update(batch).gradNorm()).isFinite();
        }
      }
      assertThat(learner.nonFiniteSteps()).isZero();
      return new double[] {before, odeBrightness(policy, g, tasks)};
    }
  }

  private static double odeBrightness(EditPolicy policy, GrpoSettings g, List<EditTask> tasks) {
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning c = TaskTensors.conditioning(m, tasks,
          text -> Vocabulary.world().encode(text, policy.config().maxTokens()), false);
      GroupSampler sampler = new GroupSampler(policy, g.grid(), SdeSettings.defaults());
      double sum = 0;
      for (RgbImage image : TaskTensors.toImages(sampler.sampleOde(m, c, 5))) {
        sum += brightness(image);
      }
      return sum / tasks.size();
    }
  }

  private static double brightness(RgbImage image) {
    float[] px = image.clamped().data();
    double sum = 0;
    for (float v : px) {
      sum += v;
    }
    return sum / px.length;
  }
}
