package org.editrl.learner.report;

/** Reading a monotone-x curve at an x between its points. */
public final class Curves {
  private Curves() {}

  /**
   * Linear interpolation of y at x over points sorted by x; clamps to the end points outside
   * the range.
   */
  public static double interpolate(double[] xs, double[] ys, double x) {
    if (xs.length == 0 || xs.length != ys.length) {
      throw new IllegalArgumentException("need matching, non-empty x and y");
    }
    if (x <= xs[0]) {
      return ys[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return ys[i - 1] + f * (ys[i] - ys[i - 1]);
      }
    }
    return ys[ys.length - 1];
  }
}
