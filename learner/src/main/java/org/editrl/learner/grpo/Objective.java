package org.editrl.learner.grpo;

import org.editrl.core.EnumNames;

/** Which policy-gradient objective the learner optimises over a sampled SDE window. */
public enum Objective {
  /**
   * CogniEdit's Dense GRPO: the window is recomputed from the stored {@code x_r} with the chain
   * differentiable, the log-ratios of the k steps are summed into one ratio per sample.
   */
  DENSE("dense"),
  /** Flow-GRPO's baseline: detached states, one clipped ratio per step. */
  PER_STEP("per-step");

  private final String configName;

  Objective(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Objective parse(String name) {
    return EnumNames.parse(Objective.class, name, "objective", Objective::configName);
  }
}
