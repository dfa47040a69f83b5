package org.editrl.learner.pipeline;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.LongSupplier;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.rollout.GroupSampler;
import org.editrl.rollout.InitialNoise;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.Vocabulary;

/** The rollout stage over a policy: windowed SDE groups conditioned on the simple instruction. */
public final class PolicyRollout implements RolloutStage {
  private final GroupSampler sampler;
  private final int groupSize;
  private final int windowLength;
  private final int maxTokens;
  private final LongSupplier version;

  /**
   * @param policy the field to sample (the live policy in the sync loop, a worker's copy in the
   *     actor runtime)
   * @param version reports the adapter version the policy currently holds
   */
  public PolicyRollout(VelocityField policy, TimeGrid grid, SdeSettings sde,
      InitialNoise initialNoise, int groupSize, int windowLength, int maxTokens,
      LongSupplier version) {
    this.sampler = new GroupSampler(policy, grid, sde).withInitialNoise(initialNoise);
    this.groupSize = groupSize;
    this.windowLength = windowLength;
    this.maxTokens = maxTokens;
    this.version = version;
  }

  /** The rollout stage the run's GRPO settings describe (grid, SDE, initial noise, G, window). */
  public static PolicyRollout of(VelocityField policy, GrpoSettings g, int maxTokens,
      LongSupplier version) {
    return new PolicyRollout(policy, g.grid(), g.sde(), g.initialNoise(), g.groupSize(),
        g.effectiveWindowLength(), maxTokens, version);
  }

  @Override
  public WindowedTrajectory sampleGroup(NDManager m, EditTask task, int windowStart, long seed) {
    Conditioning c = TaskTensors.conditioning(m, List.of(task),
        text -> Vocabulary.world().encode(text, maxTokens), false);
    return sampler.sampleGroup(m, c, groupSize, windowStart, windowLength, seed);
  }

  @Override
  public long policyVersion() {
    return version.getAsLong();
  }
}
