package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.editrl.model.Conditioning;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;

/** The samplers with the real (smoke-sized) network rather than an analytic field. */
class PolicySamplingTest {
  @org.junit.jupiter.api.BeforeAll
  static void oneThread() {
    // OpenMP's worker threads collapse on the loaded 2-core build machines (see EngineThreads).
    org.editrl.model.EngineThreads.set(1);
  }

  @Test
  void windowRecomputedWithTheNetworkGivesRatioOneAndSamplingLeavesNoArrays() {
    Vocabulary v = Vocabulary.world();
    ModelConfig config = ModelConfig.smoke(v.size());
    try (EditPolicy policy = EditPolicy.create(config, 3);
        NDManager m = NDManager.newBaseManager()) {
      var task = new EditWorld(1, config.imageSize()).task(Split.TRAIN, 2);
      Conditioning one = TaskTensors.conditioning(m, List.of(task), v, config.maxTokens(), false);
      GroupSampler sampler = new GroupSampler(policy, TimeGrid.uniform(6), SdeSettings.defaults());
      int policyArrays = policy.manager().getManagedArrays().size();
      int callerArrays = m.getManagedArrays().size();

      WindowedTrajectory w = sampler.sampleGroup(m, one, 3, 1, 3, 17L);
      assertThat(policy.manager().getManagedArrays()).hasSize(policyArrays);
      assertThat(m.getManagedArrays()).hasSize(callerArrays + 4); // states, noises, log-probs, finals

      Conditioning group = GroupSampler.broadcast(m, one, 3);
      for (int i = 0; i < 3; i++) {
        float t = w.t(i);
        float dt = w.dt(i);
        float sigma = FlowStep.sigma(w.sde(), t);
        NDArray xj = w.states().get(new NDIndex(":, {}", i));
        NDArray mean = FlowStep.sdeMean(xj, policy.velocity(xj, m.full(new Shape(3), t), group), t, dt, sigma, true);
        NDArray lp = FlowStep.logProb(w.states().get(new NDIndex(":, {}", i + 1)), mean, sigma, dt);
        float[] ratio = lp.sub(w.logProbs().get(new NDIndex(":, {}", i))).exp().toFloatArray();
        for (float r : ratio) {
          assertThat(r).isCloseTo(1f, within(1e-5f));
        }
      }
    }
  }
}
