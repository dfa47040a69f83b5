package org.editrl.world.text;

import java.util.List;
import org.editrl.world.EditTask;

/**
 * Turns a task's reasoning instruction into ordered simple directives (CogniEdit's MLLM stage):
 * "swap the colours of the two circles" → ["make the red circle blue", "make the blue circle in
 * the top left red"]. {@link RuleDecomposer} does it exactly for world tasks by parsing the
 * grammar against the source scene; a later implementation asks an OpenAI-compatible MLLM
 * endpoint with the source image.
 */
public interface Decomposer {
  /** The name on the command line ("rules"). */
  String name();

  /**
   * The simple directives, in the order they are to be applied.
   *
   * @throws org.editrl.core.UserError when the instruction cannot be decomposed
   */
  List<String> decompose(EditTask task);
}
