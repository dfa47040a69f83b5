package org.editrl.actors.rollout;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.pipeline.GroupPlan;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.model.EditPolicy;
import org.editrl.proto.TaskLease;
import org.editrl.proto.TrajectoryGroup;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;

/**
 * What a rollout worker computes, apart from the actor: its own copy of the policy (base plus the
 * adapter version it holds) sampling groups the same way the sync loop does. Not thread-safe: the
 * worker calls it from one compute thread at a time.
 */
public final class RolloutEngine implements AutoCloseable {
  private final EditPolicy policy;
  private final EditWorld world;
  private final GrpoSettings settings;
  private final long runSeed;
  private final String workerId;
  private final PolicyRollout rollout;
  private volatile long version;

  /** Takes ownership of {@code policy} (closed with the engine). */
  public RolloutEngine(EditPolicy policy, EditWorld world, GrpoSettings settings, long runSeed,
      String workerId) {
    this.policy = policy;
    this.world = world;
    this.settings = settings;
    this.runSeed = runSeed;
    this.workerId = workerId;
    policy.setTrainable(false, false);
    this.rollout = PolicyRollout.of(policy, settings, policy.config().maxTokens(),
        () -> version);
  }

  public long version() {
    return version;
  }

  /** Swaps in a verified adapter version (between groups only: the caller guarantees it). */
  public void loadAdapter(long newVersion, List<NamedTensor> adapter) {
    policy.loadAdapter(adapter);
    version = newVersion;
  }

  /** Samples the leased task's group and packs it for the reward workers and the learner. */
  public TrajectoryGroup sample(TaskLease lease) {
    long started = System.nanoTime();
    long ordinal = lease.getTask().getOrdinal();
    EditTask task = WorldTasks.fromProto(lease.getTask(), world);
    try (NDManager m = NDManager.newBaseManager()) {
      WindowedTrajectory trajectory = rollout.sampleGroup(m, task,
          GroupPlan.windowStart(runSeed, ordinal, settings),
          GroupPlan.noiseSeed(runSeed, ordinal));
      return trajectory.toProto(lease.getTask(), version).toBuilder()
          .setWorkerId(workerId)
          .setLeaseId(lease.getLeaseId())
          .setSamplingSeconds((System.nanoTime() - started) / 1e9)
          .build();
    }
  }

  @Override
  public void close() {
    policy.close();
  }
}
