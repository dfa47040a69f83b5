package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class GaussianNoiseTest {
  @Test
  void blockNoiseRepeatsOneSeededValuePerBlockAndChannel() {
    long[] seeds = {3L, 4L};
    Shape sample = new Shape(2, 4, 6);
    int block = 2;
    try (NDManager m = NDManager.newBaseManager()) {
      float[] noise = GaussianNoise.blocks(m, seeds, sample, block).toFloatArray();
      assertThat(noise).hasSize(2 * 2 * 4 * 6);
      for (int b = 0; b < 2; b++) {
        // the sample's own seed gives its 2 · 2 · 3 block values, in channel, row, column order
        float[] z = GaussianNoise.standardNormal(seeds[b], 2 * 2 * 3);
        for (int c = 0; c < 2; c++) {
          for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
              float expected = z[(c * 2 + y / block) * 3 + x / block];
              assertThat(noise[((b * 2 + c) * 4 + y) * 6 + x]).isEqualTo(expected);
            }
          }
        }
      }
      assertThat(GaussianNoise.blocks(m, seeds, sample, 1).toFloatArray())
          .isEqualTo(GaussianNoise.batch(m, seeds, sample).toFloatArray());
      assertThatThrownBy(() -> GaussianNoise.blocks(m, seeds, sample, 4))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisible");
    }
  }
}
