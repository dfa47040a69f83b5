package org.editrl.learner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.world.Vocabulary;

/** Untrained smoke-size policies that still edit, for learner tests that need no pretraining. */
public final class SmokeBases {
  private SmokeBases() {}

  /**
   * A fresh smoke policy whose zero-initialised output layers get small random weights. A fresh
   * base is exactly the identity edit, so every edit of a group would score the same and
   * advantages would vanish.
   */
  public static EditPolicy perturbed(long seed) {
    EditPolicy policy = EditPolicy.create(ModelConfig.smoke(Vocabulary.world().size()), seed);
    Random random = new Random(seed + 8);
    List<NamedTensor> perturbed = new ArrayList<>();
    for (NamedTensor t : policy.baseTensors()) {
      float[] v = t.floats();
      boolean allZero = true;
      for (float x : v) {
        allZero &= x == 0f;
      }
      if (allZero) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (0.05 * random.nextGaussian());
        }
      }
      perturbed.add(NamedTensor.ofFloats(t.name(), t.shape(), v));
    }
    policy.loadBase(perturbed);
    return policy;
  }
}
