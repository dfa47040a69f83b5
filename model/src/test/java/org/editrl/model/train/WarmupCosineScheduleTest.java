package org.editrl.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class WarmupCosineScheduleTest {
  private final WarmupCosineSchedule schedule = new WarmupCosineSchedule(1e-3f, 1000, 0.1, 1e-5f);

  @Test
  void warmsUpLinearlyToThePeak() {
    assertThat(schedule.warmupSteps()).isEqualTo(100);
    assertThat(schedule.lr(0)).isCloseTo(1e-5f, offset(1e-9f));
    assertThat(schedule.lr(49)).isCloseTo(5e-4f, offset(1e-9f));
    assertThat(schedule.lr(99)).isCloseTo(1e-3f, offset(1e-9f));
  }

  @Test
  void decaysByHalfACosineToTheMinimum() {
    assertThat(schedule.lr(100)).isCloseTo(1e-3f, offset(1e-9f));
    // middle of the decay: halfway between peak and min
    assertThat(schedule.lr(550)).isCloseTo((1e-3f + 1e-5f) / 2, offset(1e-8f));
    // a quarter in: min + (peak-min)·(1+cos(π/4))/2
    float quarter = (float) (1e-5 + (1e-3 - 1e-5) * (1 + Math.cos(Math.PI / 4)) / 2);
    assertThat(schedule.lr(325)).isCloseTo(quarter, offset(1e-8f));
    assertThat(schedule.lr(999)).isCloseTo(1e-5f, offset(1e-7f));
    assertThat(schedule.lr(1000)).isEqualTo(1e-5f);
    assertThat(schedule.lr(5000)).isEqualTo(1e-5f);
  }
}
