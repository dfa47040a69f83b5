package org.editrl.rollout;

import org.editrl.core.EnumNames;

/**
 * Where the G edits of a GRPO group start.
 *
 * <p>GRPO credits reward differences inside a group to the actions whose log-probabilities it
 * trains: the SDE noises of the window. The initial noise is not such an action (its density
 * does not depend on θ). With {@link #PER_SAMPLE} the edits also differ by their initial noise, and
 * when the policy's edit depends on it more than on the window's noise (it does for a policy
 * trained on a world with one right edit per instruction) most of the reward difference is
 * credited to noises that did not cause it. With {@link #SHARED} the group starts from one
 * initial noise, so its edits share the ODE path up to the window and differ only by what the
 * window's SDE drew (as DanceGRPO samples its groups).
 */
public enum InitialNoise {
  /** Every edit of a group starts from its own initial noise. */
  PER_SAMPLE("per-sample"),
  /** All edits of a group start from the same initial noise (drawn per group). */
  SHARED("shared");

  private final String configName;

  InitialNoise(String configName) {
    this.configName = configName;
  }

  /** The name used in config files and on the command line. */
  public String configName() {
    return configName;
  }

  public static InitialNoise parse(String name) {
    return EnumNames.parse(InitialNoise.class, name, "initial noise", InitialNoise::configName);
  }
}
