package org.editrl.learner.advantage;

/**
 * How much the edits inside a group differ in reward, averaged over the groups of a batch: the
 * signal GRPO has to learn from. Advantages only rank edits of the same policy against each
 * other, so a policy whose groups hardly differ cannot improve much per round: {@link
 * #bestMinusMean} is what one round would gain if the policy learned to produce its own best edit
 * of every group (what rejection sampling would achieve), an upper bound on one update's effect.
 *
 * @param std mean over groups of the population standard deviation of the group's rewards
 * @param bestMinusMean mean over groups of (best reward − mean reward)
 */
public record GroupSpread(double std, double bestMinusMean) {

  /** Rewards indexed {@code [task b][edit i]}; empty groups are skipped. */
  public static GroupSpread of(double[][] rewards) {
    double stdSum = 0;
    double gainSum = 0;
    int groups = 0;
    for (double[] group : rewards) {
      if (group.length == 0) {
        continue;
      }
      Moments m = Moments.of(group);
      double best = Double.NEGATIVE_INFINITY;
      for (double r : group) {
        best = Math.max(best, r);
      }
      stdSum += m.std();
      gainSum += best - m.mean();
      groups++;
    }
    return groups == 0 ? new GroupSpread(0, 0) : new GroupSpread(stdSum / groups, gainSum / groups);
  }
}
