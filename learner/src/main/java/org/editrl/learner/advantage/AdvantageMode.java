package org.editrl.learner.advantage;

import org.editrl.core.EnumNames;

/** How rewards of a batch of B tasks × G edits become advantages. */
public enum AdvantageMode {
  /** Per sample, normalised by the mean and standard deviation of the whole batch (CogniEdit). */
  BATCH("batch"),
  /** Per sample, normalised by its own task's group mean and standard deviation (default). */
  GROUP("group"),
  /**
   * The seed's literal formula Â_b = (1/G)·Σ_i (R_{b,i} − μ_batch)/σ_batch: one advantage per
   * task, shared by its G samples. An ablation.
   */
  BATCH_MEAN("batch-mean"),
  /**
   * Per sample, minus its group's mean, divided by the standard deviation of all centred rewards
   * of the batch (group baseline, batch scale): groups whose edits differ more weigh more.
   */
  GROUP_CENTRED("group-centred");

  private final String configName;

  AdvantageMode(String configName) {
    this.configName = configName;
  }

  /** The name used in config files and on the command line. */
  public String configName() {
    return configName;
  }

  public static AdvantageMode parse(String name) {
    return EnumNames.parse(AdvantageMode.class, name, "advantage mode", AdvantageMode::configName);
  }
}
