package org.editrl.world;

import org.editrl.core.EnumNames;

/**
 * The two task streams of the world. {@code TRAIN} never contains a held-out composition;
 * every {@code HELDOUT} task contains at least one (see {@link
 * org.editrl.world.gen.Compositions}), and the two streams draw their seeds independently.
 */
public enum Split {
  TRAIN("train"),
  HELDOUT("heldout");

  private final String word;

  Split(String word) {
    this.word = word;
  }

  /** The name on the command line and in manifests: "train", "heldout". */
  public String word() {
    return word;
  }

  /**
   * Parses "train" or "heldout" (any case); a {@link org.editrl.core.UserError} names the valid
   * values.
   */
  public static Split parse(String text) {
    return EnumNames.parse(Split.class, text, "split", Split::word);
  }
}
