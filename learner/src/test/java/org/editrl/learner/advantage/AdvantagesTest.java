package org.editrl.learner.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;

class AdvantagesTest {
  // Two tasks × three edits. Batch mean 2.8/6 = 0.4666…; population variance
  // Σ(r − mean)²/6 = (Σr² − 6·mean²)/6 = (1.78 − 1.306…)/6 = 0.0788…
  private static final double[][] REWARDS = {{0.1, 0.2, 0.3}, {0.6, 0.8, 0.8}};

  @Test
  void batchModeUsesBatchStatistics() {
    double[][] a = Advantages.compute(REWARDS, AdvantageMode.BATCH);
    double mean = 2.8 / 6;
    double std = Math.sqrt((1.78 - 6 * mean * mean) / 6);
    assertThat(a[0][0]).isCloseTo((0.1 - mean) / (std + 1e-6), within(1e-9));
    assertThat(a[1][2]).isCloseTo((0.8 - mean) / (std + 1e-6), within(1e-9));
    double sum = 0;
    for (double[] g : a) {
      for (double x : g) {
        sum += x;
      }
    }
    assertThat(sum).isCloseTo(0, within(1e-9));
  }

  @Test
  void groupModeNormalisesEachTaskOnItsOwn() {
    double[][] a = Advantages.compute(REWARDS, AdvantageMode.GROUP);
    double std0 = Math.sqrt((0.01 + 0 + 0.01) / 3);
    assertThat(a[0][0]).isCloseTo(-0.1 / (std0 + 1e-6), within(1e-12));
    assertThat(a[0][1]).isCloseTo(0, within(1e-12));
    // task 1: mean 0.7333…, the two 0.8s share one advantage
    assertThat(a[1][1]).isEqualTo(a[1][2]).isPositive();
  }

  @Test
  void groupCentredModeSubtractsTheGroupMeanAndDividesByTheBatchDeviation() {
    double[][] a = Advantages.compute(REWARDS, AdvantageMode.GROUP_CENTRED);
    // centred: {-0.1, 0, 0.1} and {-2/15, 1/15, 1/15}
    double c = 1.0 / 15;
    double std = Math.sqrt((0.01 + 0 + 0.01 + 4 * c * c + c * c + c * c) / 6);
    assertThat(a[0][0]).isCloseTo(-0.1 / (std + 1e-6), within(1e-9));
    assertThat(a[0][1]).isCloseTo(0, within(1e-12));
    assertThat(a[1][0]).isCloseTo(-2 * c / (std + 1e-6), within(1e-9));
    assertThat(a[1][1]).isEqualTo(a[1][2]).isPositive();
  }

  @Test
  void groupCentredModeKeepsANearlyUniformGroupSmall() {
    double[][] rewards = {{0.1, 0.2, 0.3}, {0.5, 0.501, 0.502}};
    double[][] centred = Advantages.compute(rewards, AdvantageMode.GROUP_CENTRED);
    double[][] group = Advantages.compute(rewards, AdvantageMode.GROUP);
    // per group, both modes rank the same way, but only the group mode blows the tiny
    // spread of the second task up to the size of the first one's
    assertThat(group[1][2]).isCloseTo(group[0][2], within(1e-2));
    assertThat(Math.abs(centred[1][2])).isLessThan(0.02 * Math.abs(centred[0][2]));
    assertThat(centred[1][2]).isPositive();
    assertThat(centred[1][0]).isNegative();
  }

  @Test
  void batchMeanSharesOneAdvantagePerTask() {
    double[][] a = Advantages.compute(REWARDS, AdvantageMode.BATCH_MEAN);
    double[][] perSample = Advantages.compute(REWARDS, AdvantageMode.BATCH);
    double expected0 = (perSample[0][0] + perSample[0][1] + perSample[0][2]) / 3;
    assertThat(a[0]).containsOnly(expected0);
    assertThat(a[1][0]).isEqualTo(a[1][1]).isEqualTo(a[1][2]).isPositive();
  }

  @Test
  void equalRewardsGiveZeroNotNaN() {
    double[][] a = Advantages.compute(new double[][] {{0.5, 0.5}, {0.5, 0.5}}, AdvantageMode.BATCH);
    assertThat(a[0]).containsOnly(0.0);
    double[][] g = Advantages.compute(new double[][] {{0.5, 0.5}}, AdvantageMode.GROUP);
    assertThat(g[0]).containsOnly(0.0);
  }

  @Test
  void outliersAreClampedToFive() {
    double[][] r = new double[1][1000];
    r[0][999] = 1.0; // one success among 999 failures: z ≈ 31.6
    double[][] a = Advantages.compute(r, AdvantageMode.BATCH);
    assertThat(a[0][999]).isEqualTo(Advantages.CLAMP);
    assertThat(a[0][0]).isGreaterThan(-1).isLessThan(0);
  }

  @Test
  void unknownModeIsAUserError() {
    assertThat(AdvantageMode.parse("batch-mean")).isEqualTo(AdvantageMode.BATCH_MEAN);
    assertThat(AdvantageMode.parse("group-centred")).isEqualTo(AdvantageMode.GROUP_CENTRED);
    assertThatThrownBy(() -> AdvantageMode.parse("per-token"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("batch, group, batch-mean, group-centred");
  }
}
