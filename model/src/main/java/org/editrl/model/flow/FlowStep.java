package org.editrl.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.editrl.model.Scalars;

/**
 * One step of the rectified-flow samplers (DESIGN.md "Maths"). Pure, differentiable DJL ops in
 * fp32: nothing is copied to Java arrays, so gradients flow through {@code x} and {@code v}.
 * Results are attached to the manager of the first array argument.
 *
 * <pre>
 * ODE:  x_{j+1} = x_j + v·dt_j
 * SDE:  σ_j     = a·sqrt(min(t_j, tClamp) / (1 − min(t_j, tClamp)))
 *       μ_j     = x_j·(1 + σ_j²·dt_j/(2 t_j)) + v·(1 + σ_j²·(1−t_j)/(2 t_j))·dt_j   (drift correction)
 *       μ_j     = x_j + v·dt_j                                                    (without)
 *       x_{j+1} = μ_j + σ_j·sqrt(|dt_j|)·ε_j
 *       log p   = mean over non-batch elements of
 *                 −(x_{j+1}−μ_j)²/(2σ_j²|dt_j|) − log(σ_j·sqrt(|dt_j|)) − ½·log(2π)
 * </pre>
 *
 * <p>With a noise block {@code b > 1} ({@link SdeSettings#noiseBlock()}) the step's noise is
 * {@code ε_j = U(z_j)}: one standard normal {@code z} per channel and b×b pixel block, repeated
 * over the block. Every pixel keeps the variance σ_j²|dt_j|, but the step moves only in the
 * block-constant directions, so it is a Gaussian in {@code z}: the log-density above is taken of
 * the block means of {@code x_{j+1} − μ_j} (which are {@code σ_j·sqrt(|dt_j|)·z_j} for the sampled
 * step), averaged over the blocks. A change of θ that moves μ within a block without moving its
 * mean does not change the density: such a step credits only what its noise explored.
 */
public final class FlowStep {
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private FlowStep() {}

  /** The SDE's diffusion scale {@code σ(t) = a·sqrt(t'/(1−t'))} with {@code t' = min(t, tClamp)}. */
  public static float sigma(SdeSettings s, float t) {
    double tc = Math.min(t, s.tClamp());
    return (float) (s.noiseLevel() * Math.sqrt(tc / (1.0 - tc)));
  }

  /** Euler step {@code x + v·dt}. */
  public static NDArray odeStep(NDArray x, NDArray v, float dt) {
    return x.add(Scalars.times(v, dt));
  }

  /**
   * The SDE step's mean {@code μ}. With {@code driftCorrection} the Flow-GRPO form (which keeps
   * the ODE's marginals); without it, the Euler mean {@code x + v·dt}.
   *
   * @param t the step's start time {@code t_j} (unclamped; must be > 0)
   */
  public static NDArray sdeMean(
      NDArray x, NDArray v, float t, float dt, float sigma, boolean driftCorrection) {
    if (!driftCorrection) {
      return odeStep(x, v, dt);
    }
    if (!(t > 0f)) {
      throw new IllegalArgumentException("SDE mean needs t > 0, got " + t);
    }
    double s2 = (double) sigma * sigma;
    float xCoefficient = (float) (1.0 + s2 * dt / (2.0 * t));
    float vCoefficient = (float) ((1.0 + s2 * (1.0 - t) / (2.0 * t)) * dt);
    return Scalars.times(x, xCoefficient).add(Scalars.times(v, vCoefficient));
  }

  /** {@code μ + σ·sqrt(|dt|)·ε}. */
  public static NDArray sdeSample(NDArray mean, float sigma, float dt, NDArray noise) {
    return mean.add(Scalars.times(noise, stdDev(sigma, dt)));
  }

  /**
   * Per-sample log-density of {@code xNext} under {@code N(mean, σ²|dt|·I)}, averaged over all
   * non-batch elements: shape {@code [B]}, in nats per element. Does not detach {@code xNext};
   * callers pass the stored (detached) sample.
   */
  public static NDArray logProb(NDArray xNext, NDArray mean, float sigma, float dt) {
    return logProb(xNext, mean, sigma, dt, 1);
  }

  /**
   * The log-density of a step whose noise is shared by {@code noiseBlock}×{@code noiseBlock}
   * pixel blocks (class comment): that of the block means of {@code xNext − mean}, averaged over
   * blocks. {@code noiseBlock = 1} is {@link #logProb(NDArray, NDArray, float, float)}.
   */
  public static NDArray logProb(
      NDArray xNext, NDArray mean, float sigma, float dt, int noiseBlock) {
    double std = stdDev(sigma, dt);
    if (!(std > 0)) {
      throw new IllegalArgumentException(
          "log-prob needs σ·sqrt(|dt|) > 0, got σ=" + sigma + ", dt=" + dt);
    }
    float scale = (float) (-1.0 / (2.0 * std * std));
    float constant = (float) (Math.log(std) + HALF_LOG_TWO_PI);
    NDArray residual = blockMeans(xNext.sub(mean), noiseBlock);
    NDArray perElement = Scalars.times(residual.square(), scale).sub(constant);
    // (DJL's PyTorch engine reduces over one axis at a time: flatten the non-batch axes first.)
    long batch = perElement.getShape().get(0);
    return perElement.reshape(batch, -1).mean(new int[] {1});
  }

  /**
   * The means of {@code a} ({@code [B, C, H, W]}) over {@code block}×{@code block} pixel blocks:
   * {@code [B, C, H/block, W/block]}; {@code a} itself when {@code block} is 1. Differentiable.
   */
  public static NDArray blockMeans(NDArray a, int block) {
    if (block == 1) {
      return a;
    }
    Shape s = a.getShape();
    if (s.dimension() != 4 || s.get(2) % block != 0 || s.get(3) % block != 0) {
      throw new IllegalArgumentException(
          "noise block " + block + " needs [B, C, H, W] with H and W divisible by it, got " + s);
    }
    // One axis at a time: DJL's PyTorch engine reduces over a single axis per call.
    return a.reshape(s.get(0), s.get(1), s.get(2) / block, block, s.get(3) / block, block)
        .mean(new int[] {5})
        .mean(new int[] {3});
  }

  /** The step's noise standard deviation {@code σ·sqrt(|dt|)}. */
  public static float stdDev(float sigma, float dt) {
    return (float) (sigma * Math.sqrt(Math.abs((double) dt)));
  }
}
