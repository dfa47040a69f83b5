package org.editrl.learner.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.editrl.model.Conditioning;
import org.editrl.model.Scalars;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;

/**
 * The one place the GRPO losses are written (DESIGN.md "Dense GRPO"). Both take the stored,
 * detached window of a group and recompute log-probs under the current policy.
 */
public final class GrpoObjectives {
  private GrpoObjectives() {}

  /**
   * Dense GRPO: recompute the window from x_r with the chain differentiable (stop-gradient only
   * on the network input), sum the k log-ratios into one ratio per sample, clip once, and weight
   * by the final reward's advantage.
   *
   * @param base the frozen base for the KL term, or null when β = 0
   */
  public static LossTerms dense(VelocityField policy, VelocityField base, WindowInputs w,
      float clipRange, float klBeta) {
    NDManager m = w.states().getManager();
    int g = w.groupSize();
    NDArray x = w.states().get(":,0");
    NDArray logRatio = m.zeros(new Shape(g));
    NDArray kl = m.zeros(new Shape());
    for (int i = 0; i < w.windowLength(); i++) {
      Step s = Step.at(w, i);
      NDArray v = policy.velocity(x.stopGradient(), s.timesteps(m, g), w.conditioning());
      NDArray mean = FlowStep.sdeMean(x, v, s.t, s.dt, s.sigma, w.sde().driftCorrection());
      NDArray logProb = FlowStep.logProb(
          w.states().get(":,{}", i + 1), mean, s.sigma, s.dt, w.sde().noiseBlock());
      logRatio = logRatio.add(logProb.sub(w.oldLogProbs().get(":,{}", i)));
      if (base != null && klBeta > 0) {
        kl = kl.add(klToBase(base, x, mean, s, w.conditioning(), w.sde()));
      }
      x = FlowStep.sdeSample(mean, s.sigma, s.dt, w.noises().get(":,{}", i));
    }
    NDArray loss = clippedSurrogate(logRatio, w.advantages(), clipRange);
    if (base != null && klBeta > 0) {
      kl = Scalars.dividedBy(kl, w.windowLength());
      loss = loss.add(Scalars.times(kl, klBeta));
    }
    return new LossTerms(loss, logRatio, kl);
  }

  /**
   * Per-step GRPO (Flow-GRPO): every stored state is detached, every step has its own clipped
   * ratio, and the loss averages over steps and samples.
   */
  public static LossTerms perStep(VelocityField policy, VelocityField base, WindowInputs w,
      float clipRange, float klBeta) {
    NDManager m = w.states().getManager();
    int g = w.groupSize();
    int k = w.windowLength();
    NDArray loss = m.zeros(new Shape());
    NDArray kl = m.zeros(new Shape());
    NDArray[] logRatios = new NDArray[k];
    for (int i = 0; i < k; i++) {
      Step s = Step.at(w, i);
      NDArray x = w.states().get(":,{}", i);
      NDArray v = policy.velocity(x, s.timesteps(m, g), w.conditioning());
      NDArray mean = FlowStep.sdeMean(x, v, s.t, s.dt, s.sigma, w.sde().driftCorrection());
      NDArray logProb = FlowStep.logProb(
          w.states().get(":,{}", i + 1), mean, s.sigma, s.dt, w.sde().noiseBlock());
      logRatios[i] = logProb.sub(w.oldLogProbs().get(":,{}", i));
      loss = loss.add(clippedSurrogate(logRatios[i], w.advantages(), clipRange));
      if (base != null && klBeta > 0) {
        kl = kl.add(klToBase(base, x, mean, s, w.conditioning(), w.sde()));
      }
    }
    loss = Scalars.dividedBy(loss, k);
    if (base != null && klBeta > 0) {
      kl = Scalars.dividedBy(kl, k);
      loss = loss.add(Scalars.times(kl, klBeta));
    }
    return new LossTerms(loss, NDArrays.stack(new NDList(logRatios), 1), kl);
  }

  /** −mean_b min(ρ_b·A_b, clip(ρ_b, 1−ε, 1+ε)·A_b) with ρ = exp(log ρ). */
  static NDArray clippedSurrogate(NDArray logRatio, NDArray advantages, float clipRange) {
    NDArray ratio = logRatio.exp();
    NDArray unclipped = ratio.mul(advantages);
    NDArray clipped = ratio.clip(1 - clipRange, 1 + clipRange).mul(advantages);
    return unclipped.minimum(clipped).mean().neg();
  }

  /**
   * KL(N(μ_θ, s²) ‖ N(μ_base, s²)) = |μ_θ − μ_base|² / (2 s²) with s² = σ²|dt|, averaged over
   * elements like the log-probs (over the block means with block noise: the densities are of
   * those). The base sees the same (detached) input state.
   */
  private static NDArray klToBase(VelocityField base, NDArray x, NDArray mean, Step s,
      Conditioning c, SdeSettings sde) {
    NDArray xIn = x.stopGradient();
    NDArray vBase = base.velocity(xIn, s.timesteps(x.getManager(), (int) x.getShape().get(0)), c)
        .stopGradient();
    NDArray baseMean = FlowStep.sdeMean(xIn, vBase, s.t, s.dt, s.sigma, sde.driftCorrection());
    double variance = (double) s.sigma * s.sigma * Math.abs(s.dt);
    NDArray gap = FlowStep.blockMeans(mean.sub(baseMean), sde.noiseBlock());
    return Scalars.dividedBy(gap.square().mean(), 2 * variance);
  }

  /** Grid values of window step i. */
  private record Step(float t, float dt, float sigma) {
    static Step at(WindowInputs w, int i) {
      int j = w.windowStart() + i;
      float t = w.grid().t(j);
      return new Step(t, w.grid().dt(j), FlowStep.sigma(w.sde(), t));
    }

    NDArray timesteps(NDManager m, int n) {
      return m.full(new Shape(n), t);
    }
  }
}
