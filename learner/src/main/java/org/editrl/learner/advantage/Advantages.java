package org.editrl.learner.advantage;

/**
 * The one place advantages are computed. Rewards and advantages are indexed {@code [task b][edit
 * i]}; groups may differ in size (a group can lose samples to a failed judge).
 */
public final class Advantages {
  /** Added to σ so that a batch of equal rewards gives zero advantages instead of NaN. */
  public static final double EPSILON = 1e-6;
  /** Advantages are clamped to ±CLAMP so one outlier cannot dominate an update. */
  public static final double CLAMP = 5.0;

  private Advantages() {}

  public static double[][] compute(double[][] rewards, AdvantageMode mode) {
    if (rewards.length == 0) {
      throw new IllegalArgumentException("no groups to compute advantages for");
    }
    return switch (mode) {
      case BATCH -> batchNormalised(rewards);
      case GROUP -> groupNormalised(rewards);
      case BATCH_MEAN -> batchMean(rewards);
      case GROUP_CENTRED -> groupCentred(rewards);
    };
  }

  private static double[][] batchNormalised(double[][] rewards) {
    Moments m = Moments.of(rewards);
    double[][] out = new double[rewards.length][];
    for (int b = 0; b < rewards.length; b++) {
      out[b] = new double[rewards[b].length];
      for (int i = 0; i < rewards[b].length; i++) {
        out[b][i] = standardise(rewards[b][i], m);
      }
    }
    return out;
  }

  private static double[][] groupNormalised(double[][] rewards) {
    double[][] out = new double[rewards.length][];
    for (int b = 0; b < rewards.length; b++) {
      Moments m = Moments.of(rewards[b]);
      out[b] = new double[rewards[b].length];
      for (int i = 0; i < rewards[b].length; i++) {
        out[b][i] = standardise(rewards[b][i], m);
      }
    }
    return out;
  }

  /**
   * Centred on the group's mean (so differences between tasks cancel, as in {@code group}) but
   * scaled by one deviation for the whole batch, so a group whose edits barely differ keeps small
   * advantages instead of being blown up to unit size: groups weigh by their spread.
   */
  private static double[][] groupCentred(double[][] rewards) {
    double[][] centred = new double[rewards.length][];
    for (int b = 0; b < rewards.length; b++) {
      double mean = Moments.of(rewards[b]).mean();
      centred[b] = new double[rewards[b].length];
      for (int i = 0; i < rewards[b].length; i++) {
        centred[b][i] = rewards[b][i] - mean;
      }
    }
    // The centred values have mean 0, so standardising by their batch moments only rescales.
    return batchNormalised(centred);
  }

  private static double[][] batchMean(double[][] rewards) {
    double[][] perSample = batchNormalised(rewards);
    double[][] out = new double[rewards.length][];
    for (int b = 0; b < rewards.length; b++) {
      double sum = 0;
      for (double a : perSample[b]) {
        sum += a;
      }
      double shared = perSample[b].length == 0 ? 0 : clamp(sum / perSample[b].length);
      out[b] = new double[perSample[b].length];
      java.util.Arrays.fill(out[b], shared);
    }
    return out;
  }

  static double clamp(double a) {
    return Math.max(-CLAMP, Math.min(CLAMP, a));
  }

  private static double standardise(double r, Moments m) {
    return clamp((r - m.mean()) / (m.std() + EPSILON));
  }
}
