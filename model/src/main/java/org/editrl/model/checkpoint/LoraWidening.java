package org.editrl.model.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;

/**
 * Raises the rank of a stored adapter's LoRA pairs without changing what the network computes.
 * A pair adds {@code s · x·A·B} with A of shape [in, r] and B of shape [r, out]. At rank r' > r
 * the new A keeps the stored r columns and takes the new network's freshly initialised ones for
 * the rest; the new B holds the stored rows times s / s' (the scale changes with the rank) and
 * zeros below them, so the extra directions start with no effect and are trained from there.
 */
final class LoraWidening {
  private LoraWidening() {}

  /**
   * @param stored the checkpoint's adapter tensors
   * @param fresh the adapter tensors of a new network at the higher rank
   * @param scaleRatio s / s', the stored LoRA scale over the new one
   * @return {@code stored} with every LoRA tensor at the new rank; other tensors unchanged
   */
  static List<NamedTensor> widen(List<NamedTensor> stored, List<NamedTensor> fresh,
      float scaleRatio) {
    Map<String, NamedTensor> freshByName = new HashMap<>();
    for (NamedTensor t : fresh) {
      freshByName.put(t.name(), t);
    }
    List<NamedTensor> out = new ArrayList<>(stored.size());
    for (NamedTensor t : stored) {
      boolean a = t.name().endsWith(".lora_a");
      boolean b = t.name().endsWith(".lora_b");
      NamedTensor target = freshByName.get(t.name());
      if ((!a && !b) || target == null) {
        out.add(t); // not LoRA, or a tensor the loader will reject by name
        continue;
      }
      long[] from = t.shape();
      long[] to = target.shape();
      if (from.length != 2 || to.length != 2) {
        throw new UserError("LoRA tensor '" + t.name() + "' is not a matrix");
      }
      out.add(a ? widenColumns(t, target) : widenRows(t, to, scaleRatio));
    }
    return out;
  }

  /** A [in, r] → [in, r']: the stored columns first, then the fresh ones. */
  private static NamedTensor widenColumns(NamedTensor storedA, NamedTensor freshA) {
    int in = (int) storedA.shape()[0];
    int r = (int) storedA.shape()[1];
    int wide = (int) freshA.shape()[1];
    requireFits(storedA, in == freshA.shape()[0] && r <= wide);
    float[] values = freshA.floats();
    float[] kept = storedA.floats();
    for (int i = 0; i < in; i++) {
      System.arraycopy(kept, i * r, values, i * wide, r);
    }
    return NamedTensor.ofFloats(storedA.name(), freshA.shape(), values);
  }

  /** B [r, out] → [r', out]: the stored rows rescaled, then zeros. */
  private static NamedTensor widenRows(NamedTensor storedB, long[] to, float scaleRatio) {
    int r = (int) storedB.shape()[0];
    int outDim = (int) storedB.shape()[1];
    requireFits(storedB, outDim == to[1] && r <= to[0]);
    float[] values = new float[(int) (to[0] * to[1])];
    float[] kept = storedB.floats();
    for (int i = 0; i < kept.length; i++) {
      values[i] = kept[i] * scaleRatio;
    }
    return NamedTensor.ofFloats(storedB.name(), to, values);
  }

  private static void requireFits(NamedTensor t, boolean fits) {
    if (!fits) {
      throw new UserError("LoRA tensor '" + t.name() + "' of shape "
          + Arrays.toString(t.shape()) + " does not fit the network (was it written by"
          + " another architecture?)");
    }
  }
}
