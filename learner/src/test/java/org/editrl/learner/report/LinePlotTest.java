package org.editrl.learner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {
  @TempDir Path dir;

  @Test
  void writesAReadablePngWithTheSeriesDrawn() throws Exception {
    LinePlot plot = new LinePlot("reward vs step", "step", "reward");
    for (int i = 0; i < 20; i++) {
      plot.add("dense", i, 0.3 + 0.01 * i).add("per-step", i, 0.3 + 0.005 * i);
    }
    plot.add("dense", 21, Double.NaN);
    Path png = dir.resolve("reward.png");
    plot.write(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(800);
    assertThat(img.getHeight()).isEqualTo(500);
    // Lines are drawn in colour: some pixel is neither white nor grey.
    boolean coloured = false;
    for (int y = 0; y < img.getHeight() && !coloured; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          coloured = true;
          break;
        }
      }
    }
    assertThat(coloured).isTrue();
  }
}
