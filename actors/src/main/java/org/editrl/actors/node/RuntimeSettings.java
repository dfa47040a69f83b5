package org.editrl.actors.node;

import java.time.Duration;
import org.editrl.core.UserError;

/**
 * How the actor runtime runs a training job.
 *
 * @param rolloutWorkers rollout workers on the trainer node (each with its own policy copy and
 *     compute thread)
 * @param rewardWorkers reward workers on the trainer node
 * @param judge the judge (or weighted combination, {@code name:weight,…}) reward workers score with
 * @param judgeConcurrency judge calls in flight per reward worker
 * @param judgeTimeout a judge call that takes longer fails its group (the task is requeued)
 * @param maxStaleness a group sampled by version v trains only while learner − v ≤ this
 * @param lease how long a rollout may hold a task before it is requeued
 * @param maxInFlight tasks leased but not yet trained, at most (bounds how far rollouts run ahead)
 */
public record RuntimeSettings(
    int rolloutWorkers,
    int rewardWorkers,
    String judge,
    int judgeConcurrency,
    Duration judgeTimeout,
    int maxStaleness,
    Duration lease,
    int maxInFlight) {

  public static RuntimeSettings defaults() {
    return new RuntimeSettings(1, 1, "verifiable", 8, Duration.ofSeconds(30), 2,
        Duration.ofMinutes(5), 12);
  }

  public RuntimeSettings validated() {
    if (rolloutWorkers < 0 || rewardWorkers < 0) {
      throw new UserError("local worker counts must be ≥ 0");
    }
    if (judgeConcurrency < 1) {
      throw new UserError("judge concurrency must be at least 1 (got " + judgeConcurrency + ")");
    }
    if (maxStaleness < 0) {
      throw new UserError("max staleness must be ≥ 0 (got " + maxStaleness + ")");
    }
    if (maxInFlight < 1) {
      throw new UserError("max in-flight tasks must be at least 1 (got " + maxInFlight + ")");
    }
    return this;
  }
}
