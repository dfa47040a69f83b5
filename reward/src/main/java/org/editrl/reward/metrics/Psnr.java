package org.editrl.reward.metrics;

import org.editrl.core.RgbImage;

/**
 * Peak signal-to-noise ratio for images in [0, 1] (peak 1):
 * {@code PSNR = 10·log10(1 / MSE)} dB, the MSE taken over all three channels. Identical images
 * have an infinite PSNR; it is capped at {@link #MAX_DB} so scores stay finite. The weighted
 * form averages the squared error with per-pixel weights (e.g. 1 − edit mask: "outside the
 * mask"). This is the one place the formula lives.
 */
public final class Psnr {
  /** The PSNR reported for identical images (and the cap for any nearly identical ones). */
  public static final double MAX_DB = 100.0;

  private Psnr() {}

  /** PSNR in dB from a mean squared error, capped at {@link #MAX_DB}. */
  public static double fromMse(double mse) {
    if (mse <= 0) {
      return MAX_DB;
    }
    return Math.min(MAX_DB, 10.0 * Math.log10(1.0 / mse));
  }

  public static double psnr(RgbImage a, RgbImage b) {
    return fromMse(mse(a, b, null));
  }

  /** PSNR over the pixels weighted by {@code weights} ({@code [H·W]}, ≥ 0, not all 0). */
  public static double psnr(RgbImage a, RgbImage b, double[] weights) {
    return fromMse(mse(a, b, weights));
  }

  /**
   * Mean squared error over all channels, each pixel weighted by {@code weights[y·W + x]}
   * (null = all 1).
   */
  public static double mse(RgbImage a, RgbImage b, double[] weights) {
    Images.requireSameSize(a, b);
    int n = a.width() * a.height();
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException("expected " + n + " weights, got " + weights.length);
    }
    float[] x = a.data();
    float[] y = b.data();
    double sum = 0;
    double wsum = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1.0 : weights[i];
      if (w == 0) {
        continue;
      }
      double se = 0;
      for (int c = 0; c < 3; c++) {
        double d = (double) x[c * n + i] - y[c * n + i];
        se += d * d;
      }
      sum += w * se;
      wsum += w * 3;
    }
    if (wsum <= 0) {
      throw new IllegalArgumentException("all weights are zero");
    }
    return sum / wsum;
  }
}
