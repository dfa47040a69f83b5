package org.editrl.learner.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanIntervalTest {
  @Test
  void threeSeedsUseStudentT() {
    // mean 2, sample sd 1, t(0.975, 2) = 4.303 → half-width 4.303/sqrt(3)
    MeanInterval m = MeanInterval.of(new double[] {1, 2, 3});
    assertThat(m.mean()).isEqualTo(2.0);
    assertThat(m.halfWidth()).isCloseTo(4.303 / Math.sqrt(3), within(1e-9));
  }

  @Test
  void interpolationIsLinearAndClamped() {
    double[] xs = {0, 10, 20};
    double[] ys = {0, 1, 3};
    assertThat(Curves.interpolate(xs, ys, 15)).isCloseTo(2.0, within(1e-12));
    assertThat(Curves.interpolate(xs, ys, -5)).isEqualTo(0.0);
    assertThat(Curves.interpolate(xs, ys, 50)).isEqualTo(3.0);
  }
}
