package org.editrl.learner.advantage;

/**
 * Mean and population standard deviation of values indexed {@code [task b][edit i]} (rows may
 * differ in length); both 0 when there are no values. Two passes, so the deviation stays exact
 * when the values are close together (rewards of one group often are).
 */
public record Moments(double mean, double std) {

  public static Moments of(double[][] rows) {
    double sum = 0;
    long n = 0;
    for (double[] row : rows) {
      for (double v : row) {
        sum += v;
        n++;
      }
    }
    if (n == 0) {
      return new Moments(0, 0);
    }
    double mean = sum / n;
    double sq = 0;
    for (double[] row : rows) {
      for (double v : row) {
        sq += (v - mean) * (v - mean);
      }
    }
    return new Moments(mean, Math.sqrt(sq / n));
  }

  /** Moments of one row (one group's rewards). */
  public static Moments of(double[] row) {
    return of(new double[][] {row});
  }
}
