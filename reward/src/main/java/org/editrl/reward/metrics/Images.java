package org.editrl.reward.metrics;

import org.editrl.core.RgbImage;

/** Small checks shared by the metrics. */
final class Images {
  private Images() {}

  static void requireSameSize(RgbImage a, RgbImage b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("images differ in size: " + a + " vs " + b);
    }
  }
}
