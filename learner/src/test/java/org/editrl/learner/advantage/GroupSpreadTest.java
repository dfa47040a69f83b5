package org.editrl.learner.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupSpreadTest {
  @Test
  void averagesEachGroupsSpreadAndBestEditGain() {
    // group 0: mean 0.2, population std sqrt(0.02/3), best − mean 0.1
    // group 1: all equal, std 0, best − mean 0
    GroupSpread s = GroupSpread.of(new double[][] {{0.1, 0.2, 0.3}, {0.5, 0.5, 0.5}});
    assertThat(s.std()).isCloseTo(Math.sqrt(0.02 / 3) / 2, within(1e-12));
    assertThat(s.bestMinusMean()).isCloseTo(0.1 / 2, within(1e-12));
  }

  @Test
  void skipsEmptyGroupsAndEmptyBatches() {
    GroupSpread s = GroupSpread.of(new double[][] {{}, {0.0, 1.0}});
    assertThat(s.std()).isCloseTo(0.5, within(1e-12));
    assertThat(s.bestMinusMean()).isCloseTo(0.5, within(1e-12));
    assertThat(GroupSpread.of(new double[][] {})).isEqualTo(new GroupSpread(0, 0));
  }
}
