package org.editrl.actors.coordinator;

/** Why a task went back to the queue; the label value of the requeue metric. */
public enum RequeueReason {
  /** The lease ran out before the group reached the learner. */
  LEASE_EXPIRED("lease_expired"),
  /** The worker holding the lease left the cluster or died. */
  WORKER_LOST("worker_lost"),
  /** The learner dropped the group: sampled by a policy too many versions old. */
  STALE("stale"),
  /** A judge timed out or failed on the group. */
  JUDGE_FAILED("judge_failed"),
  /** The rollout failed (an exception while sampling). */
  ROLLOUT_FAILED("rollout_failed"),
  /** Leased or delivered when the run stopped, but not trained by the checkpoint resumed from. */
  RESUMED("resumed");

  private final String label;

  RequeueReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
