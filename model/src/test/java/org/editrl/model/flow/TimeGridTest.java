package org.editrl.model.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeGridTest {
  @Test
  void uniformGridRunsFromNoiseToDataWithNegativeSteps() {
    TimeGrid g = TimeGrid.uniform(10);
    assertThat(g.steps()).isEqualTo(10);
    assertThat(g.t(0)).isEqualTo(1f);
    assertThat(g.t(10)).isEqualTo(0f);
    double sum = 0;
    for (int j = 0; j < g.steps(); j++) {
      assertThat(g.dt(j)).isNegative().isCloseTo(-0.1f, within(1e-6f));
      assertThat(g.dt(j)).isEqualTo(g.t(j + 1) - g.t(j));
      sum += g.dt(j);
    }
    assertThat(sum).isCloseTo(-1.0, within(1e-6));
  }

  @Test
  void rejectsGridsThatDoNotDecreaseOrLeaveTheUnitInterval() {
    assertThatThrownBy(() -> new TimeGrid(new float[] {1f, 1f, 0f}))
        .hasMessageContaining("strictly decrease");
    assertThatThrownBy(() -> new TimeGrid(new float[] {1.5f, 0f}))
        .hasMessageContaining("outside [0, 1]");
    assertThatThrownBy(() -> new TimeGrid(new float[] {1f})).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> TimeGrid.uniform(3).dt(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void isAValueAndCopiesItsPoints() {
    float[] points = {1f, 0.5f, 0f};
    TimeGrid g = new TimeGrid(points);
    points[1] = 0.7f;
    g.t()[1] = 0.9f;
    assertThat(g.t(1)).isEqualTo(0.5f);
    assertThat(g).isEqualTo(new TimeGrid(new float[] {1f, 0.5f, 0f})).isNotEqualTo(TimeGrid.uniform(2).equals(null));
    assertThat(g.hashCode()).isEqualTo(TimeGrid.uniform(2).hashCode());
  }
}
