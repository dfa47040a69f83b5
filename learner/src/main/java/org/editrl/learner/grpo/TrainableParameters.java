package org.editrl.learner.grpo;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;
import org.editrl.model.EditPolicy;

/**
 * Which adapter parameters an RL run trains: all of them (LoRA, soft tokens, focus predictor and
 * gate), or LoRA only for the "w/o Dynamic Token Focus" ablation — the focus gate then stays at
 * zero, so token focus has no effect at all.
 */
final class TrainableParameters {
  /** Adapter parameter names of Dynamic Token Focus start with this. */
  static final String FOCUS_PREFIX = "focus.";

  private TrainableParameters() {}

  static List<NDArray> select(EditPolicy policy, boolean trainTokenFocus) {
    List<String> names = policy.adapterParameterNames();
    List<NDArray> arrays = policy.adapterParameters();
    List<NDArray> selected = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (trainTokenFocus || !names.get(i).startsWith(FOCUS_PREFIX)) {
        selected.add(arrays.get(i));
      }
    }
    return selected;
  }

  /** Turns gradients off for adapter parameters that are not selected. */
  static void freezeUnselected(EditPolicy policy, List<NDArray> selected) {
    Set<NDArray> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    keep.addAll(selected);
    for (NDArray a : policy.adapterParameters()) {
      if (!keep.contains(a)) {
        a.setRequiresGradient(false);
      }
    }
  }
}
