package org.editrl.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.editrl.core.RgbImage;
import org.junit.jupiter.api.Test;

class EditMaskTest {
  @Test
  void dilateGrowsBySquareNeighbourhood() {
    boolean[] in = new boolean[25];
    in[12] = true; // centre of 5x5
    EditMask m = EditMask.of(5, 5, in);
    assertThat(m.area()).isEqualTo(1);
    assertThat(m.dilate(1).area()).isEqualTo(9);
    assertThat(m.dilate(2).area()).isEqualTo(25);
  }

  @Test
  void fromDifferenceAndImageRoundTrip() {
    RgbImage a = RgbImage.filled(4, 4, 0.2f, 0.2f, 0.2f);
    float[] d = a.data();
    d[5] = 0.9f; // red channel of pixel (1, 1)
    RgbImage b = new RgbImage(4, 4, d);
    EditMask m = EditMask.fromDifference(a, b, 0.01f);
    assertThat(m.area()).isEqualTo(1);
    assertThat(m.get(1, 1)).isEqualTo(1f);
    assertThat(EditMask.fromImage(m.toImage())).isEqualTo(m);
    assertThatThrownBy(() -> new EditMask(2, 2, new float[] {0, 1, 2, 0}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
