package org.editrl.learner.grpo;

import java.util.concurrent.atomic.AtomicLong;
import org.editrl.model.ModelConfig;
import org.editrl.model.VelocityField;

/**
 * Analytic FLOPs of the policy, so objectives can be compared at equal compute. Counts every
 * velocity call by its batch size; a call under a gradient costs about 3× a forward pass
 * (forward + backward through activations and weights), the usual rule of thumb.
 */
public final class FlopCounter {
  private final double forwardFlopsPerSample;
  private final AtomicLong forwardSamples = new AtomicLong();
  private final AtomicLong trainingSamples = new AtomicLong();

  public FlopCounter(ModelConfig config) {
    this.forwardFlopsPerSample = forwardFlopsPerSample(config);
  }

  /**
   * Multiply–adds ×2 of one forward pass for one image: per block, self-attention (4 d²
   * projections per image token and n² d for scores and mixing), text cross-attention (2 d² per
   * image token, 2 d² per text token, 2 n l d), image cross-attention (2 d² per image token and
   * per source token, 2 n² d), and a 4× MLP (8 d² per token). Embeddings, norms and the
   * instruction encoder are small next to these and left out.
   */
  public static double forwardFlopsPerSample(ModelConfig c) {
    double n = Math.pow((double) c.imageSize() / c.patchSize(), 2);
    double l = c.maxTokens();
    double d = c.width();
    double selfAttention = 4 * n * d * d + 2 * n * n * d;
    double textCross = 2 * n * d * d + 2 * l * d * d + 2 * n * l * d;
    double imageCross = 2 * n * d * d + 2 * n * d * d + 2 * n * n * d;
    double mlp = 8 * n * d * d;
    return 2 * c.depth() * (selfAttention + textCross + imageCross + mlp);
  }

  /** Wraps a field so its calls are counted; {@code training} marks calls under a gradient. */
  public VelocityField counting(VelocityField field, boolean training) {
    return (x, t, c) -> {
      long batch = x.getShape().get(0);
      (training ? trainingSamples : forwardSamples).addAndGet(batch);
      return field.velocity(x, t, c);
    };
  }

  /** Counts sampler calls made outside this counter (rollouts). */
  public void addForwardSamples(long samples) {
    forwardSamples.addAndGet(samples);
  }

  public double totalFlops() {
    return forwardFlopsPerSample * (forwardSamples.get() + 3.0 * trainingSamples.get());
  }

  public double forwardFlopsPerSample() {
    return forwardFlopsPerSample;
  }

  /** Restores the running total after a resume (the counter is kept in the run state). */
  public void restore(double flops) {
    forwardSamples.set(Math.round(flops / forwardFlopsPerSample));
    trainingSamples.set(0);
  }
}
