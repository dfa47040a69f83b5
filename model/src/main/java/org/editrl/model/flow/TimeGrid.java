package org.editrl.model.flow;

import java.util.Arrays;

/**
 * A decreasing sampling grid {@code t_0 = 1 > t_1 > … > t_T = 0} (t=1 is noise, t=0 is data).
 * Step {@code j} goes from {@code t_j} to {@code t_{j+1}} with {@code dt_j = t_{j+1} − t_j < 0}.
 *
 * @param t the T+1 grid points, strictly decreasing, within [0, 1]
 */
public record TimeGrid(float[] t) {
  public TimeGrid {
    if (t == null || t.length < 2) {
      throw new IllegalArgumentException("a time grid needs at least 2 points");
    }
    t = t.clone();
    for (int j = 0; j < t.length; j++) {
      if (!(t[j] >= 0f && t[j] <= 1f)) {
        throw new IllegalArgumentException("time grid point t_" + j + "=" + t[j] + " is outside [0, 1]");
      }
      if (j > 0 && !(t[j] < t[j - 1])) {
        throw new IllegalArgumentException("time grid must strictly decrease: " + Arrays.toString(t));
      }
    }
  }

  /** {@code steps} equal steps from 1 to 0: {@code t_j = 1 − j/steps}. */
  public static TimeGrid uniform(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    float[] t = new float[steps + 1];
    for (int j = 0; j <= steps; j++) {
      t[j] = (float) (1.0 - (double) j / steps);
    }
    return new TimeGrid(t);
  }

  /** Number of steps T (one fewer than the grid points). */
  public int steps() {
    return t.length - 1;
  }

  /** Grid point {@code t_j}, {@code 0 <= j <= T}. */
  public float t(int j) {
    return t[j];
  }

  /** Step size {@code dt_j = t_{j+1} − t_j} (negative), {@code 0 <= j < T}. */
  public float dt(int j) {
    if (j < 0 || j >= steps()) {
      throw new IndexOutOfBoundsException("step " + j + " outside [0, " + steps() + ")");
    }
    return t[j + 1] - t[j];
  }

  /** A copy of the grid points. */
  @Override
  public float[] t() {
    return t.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeGrid g && Arrays.equals(g.t, t);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(t);
  }

  @Override
  public String toString() {
    return "TimeGrid" + Arrays.toString(t);
  }
}
