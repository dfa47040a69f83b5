package org.editrl.learner.report;

/**
 * A sample mean with its 95% confidence half-width from Student's t (two-sided), for the handful
 * of seeds a benchmark can afford.
 */
public record MeanInterval(double mean, double halfWidth, int n) {
  /** t_{0.975, df} for df = 1…30; beyond that the normal 1.96 is close enough. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
  };

  public static MeanInterval of(double[] values) {
    int n = values.length;
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    if (n == 1) {
      return new MeanInterval(mean, Double.NaN, 1);
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
    return new MeanInterval(mean, t * sd / Math.sqrt(n), n);
  }

  @Override
  public String toString() {
    return Double.isNaN(halfWidth)
        ? String.format("%.3f", mean)
        : String.format("%.3f ± %.3f", mean, halfWidth);
  }
}
