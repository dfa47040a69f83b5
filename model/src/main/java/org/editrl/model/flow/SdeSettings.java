package org.editrl.model.flow;

/**
 * The SDE step's settings.
 *
 * @param noiseLevel {@code a} in {@code σ_j = a·sqrt(t_j/(1−t_j))}; 0.7 by default (Flow-GRPO)
 * @param driftCorrection whether the mean carries Flow-GRPO's score correction (default on);
 *     off gives the seed's plain {@code x + v·dt + σ·sqrt(|dt|)·ε}
 * @param tClamp the largest t used in σ, so σ stays finite at t=1. The default 0.9 equals
 *     Flow-GRPO's choice ({@code sigma_max = sigmas[1]}) on a 10-step uniform grid; a value near
 *     1 (e.g. 0.99) gives σ ≈ 7 at t=1, where the corrected mean's coefficient on x,
 *     {@code 1 + σ²·dt/(2t)}, turns negative — the discretisation breaks down there.
 * @param noiseBlock side of the square pixel blocks that share one noise value: 1 (the default)
 *     draws every pixel's noise independently, as Flow-GRPO; b > 1 draws one value per b×b block
 *     and channel, so the step explores b² times fewer directions with the same per-pixel
 *     variance ({@link FlowStep})
 */
public record SdeSettings(float noiseLevel, boolean driftCorrection, float tClamp, int noiseBlock) {
  public static final float DEFAULT_NOISE_LEVEL = 0.7f;
  public static final float DEFAULT_T_CLAMP = 0.9f;

  /** Independent noise per pixel. */
  public SdeSettings(float noiseLevel, boolean driftCorrection, float tClamp) {
    this(noiseLevel, driftCorrection, tClamp, 1);
  }

  public SdeSettings {
    if (noiseBlock < 1) {
      throw new IllegalArgumentException("SDE noise block must be >= 1, got " + noiseBlock);
    }
    if (!(noiseLevel >= 0f) || Float.isInfinite(noiseLevel)) {
      throw new IllegalArgumentException("SDE noise level must be finite and >= 0, got " + noiseLevel);
    }
    if (!(tClamp > 0f && tClamp < 1f)) {
      throw new IllegalArgumentException("SDE t clamp must be in (0, 1), got " + tClamp);
    }
  }

  public static SdeSettings defaults() {
    return new SdeSettings(DEFAULT_NOISE_LEVEL, true, DEFAULT_T_CLAMP);
  }

  public SdeSettings withNoiseLevel(float a) {
    return new SdeSettings(a, driftCorrection, tClamp, noiseBlock);
  }

  public SdeSettings withDriftCorrection(boolean on) {
    return new SdeSettings(noiseLevel, on, tClamp, noiseBlock);
  }

  public SdeSettings withNoiseBlock(int block) {
    return new SdeSettings(noiseLevel, driftCorrection, tClamp, block);
  }
}
