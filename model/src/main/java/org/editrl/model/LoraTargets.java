package org.editrl.model;

import org.editrl.core.EnumNames;

/** Which linear maps of the editing blocks carry LoRA. */
public enum LoraTargets {
  /**
   * Every attention projection of the blocks (self q/k/v/o, cross q/k_txt/v_txt/k_img/v_img/o), as
   * CogniEdit adapts its editor; the default.
   */
  ATTENTION("attention"),
  /**
   * The attention projections plus each block's MLP and adaLN modulation and the final
   * modulation and output map, so the adapter can change how each time step and pixel patch is
   * written, not only where the blocks attend (bench/README.md measured it).
   */
  ALL("all");

  private final String configName;

  LoraTargets(String configName) {
    this.configName = configName;
  }

  /** The name used in config files, on the command line and in {@code model.json}. */
  public String configName() {
    return configName;
  }

  public static LoraTargets parse(String name) {
    return EnumNames.parse(LoraTargets.class, name, "LoRA targets", LoraTargets::configName);
  }
}
