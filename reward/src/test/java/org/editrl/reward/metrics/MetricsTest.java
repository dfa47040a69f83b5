package org.editrl.reward.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.editrl.core.RgbImage;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static RgbImage grey(int w, int h, double[] v) {
    float[] d = new float[3 * w * h];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < w * h; i++) {
        d[c * w * h + i] = (float) v[i];
      }
    }
    return new RgbImage(w, h, d);
  }

  private static double[] random(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // values exactly representable as float so the float image holds what the test computes with
      v[i] = (float) r.nextDouble();
    }
    return v;
  }

  @Test
  void psnrOfIdenticalImagesIsTheCap() {
    RgbImage a = grey(16, 16, random(256, 1));
    assertThat(Psnr.psnr(a, a)).isEqualTo(Psnr.MAX_DB);
  }

  @Test
  void psnrOfAConstantOffsetIsMinusTwentyLogOffset() {
    // MSE = d², so PSNR = 10·log10(1/d²) = −20·log10(d): 20 dB for d = 0.1, 40 dB for 0.01
    RgbImage a = RgbImage.filled(16, 16, 0.25f, 0.5f, 0.625f);
    RgbImage b = RgbImage.filled(16, 16, 0.375f, 0.625f, 0.75f); // offset 0.125, exact in float
    assertThat(Psnr.psnr(a, b)).isCloseTo(-20 * Math.log10(0.125), within(1e-9));
    RgbImage c = RgbImage.filled(16, 16, 0.35f, 0.6f, 0.725f);
    assertThat(Psnr.psnr(a, c)).isCloseTo(20.0, within(1e-4));
  }

  @Test
  void weightedPsnrIgnoresZeroWeightPixels() {
    double[] av = new double[256];
    double[] bv = new double[256];
    Arrays.fill(av, 0.5);
    Arrays.fill(bv, 0.5);
    double[] w = new double[256];
    for (int i = 0; i < 128; i++) {
      bv[i] = 1.0; // big error in the first half
      w[128 + i] = 1.0; // weight only on the second half
    }
    bv[200] = 0.625; // one error of 0.125 in the weighted half
    RgbImage a = grey(16, 16, av);
    RgbImage b = grey(16, 16, bv);
    double mse = 0.125 * 0.125 / 128;
    assertThat(Psnr.psnr(a, b, w)).isCloseTo(10 * Math.log10(1 / mse), within(1e-9));
    assertThat(Psnr.psnr(a, b)).isLessThan(10);
  }

  @Test
  void ssimOfIdenticalImagesIsOne() {
    RgbImage a = grey(32, 32, random(1024, 2));
    assertThat(Ssim.ssim(a, a)).isCloseTo(1.0, within(1e-12));
    for (double v : Ssim.map(a, a)) {
      assertThat(v).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void ssimOfConstantImagesIsTheLuminanceTerm() {
    // no variance: SSIM = (2·μx·μy + C1)/(μx² + μy² + C1) · C2/C2
    RgbImage a = RgbImage.filled(16, 16, 0.5f, 0.5f, 0.5f);
    RgbImage b = RgbImage.filled(16, 16, 0.75f, 0.75f, 0.75f);
    double c1 = 0.01 * 0.01;
    double expected = (2 * 0.5 * 0.75 + c1) / (0.25 + 0.5625 + c1);
    assertThat(Ssim.ssim(a, b)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void ssimMatchesADirectComputationOfOneWindow() {
    // an 11x11 image has exactly one valid window: compute it here from the paper's definition
    int s = 11;
    double[] x = random(s * s, 3);
    double[] y = new double[s * s];
    double[] noise = random(s * s, 4);
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (0.6 * x[i] + 0.4 * noise[i]);
    }
    double[][] w = new double[s][s];
    double total = 0;
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        w[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
        total += w[i][j];
      }
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        mx += w[i][j] / total * x[i * s + j];
        my += w[i][j] / total * y[i * s + j];
      }
    }
    double vx = 0;
    double vy = 0;
    double cxy = 0;
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        double dx = x[i * s + j] - mx;
        double dy = y[i * s + j] - my;
        vx += w[i][j] / total * dx * dx;
        vy += w[i][j] / total * dy * dy;
        cxy += w[i][j] / total * dx * dy;
      }
    }
    double c1 = Math.pow(0.01, 2);
    double c2 = Math.pow(0.03, 2);
    double expected = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    double got = Ssim.ssim(grey(s, s, x), grey(s, s, y));
    assertThat(got).isCloseTo(expected, within(1e-9));
    assertThat(expected).isBetween(0.3, 0.99); // a non-trivial value
  }

  @Test
  void ssimIsSymmetricAndFallsWithNoise() {
    double[] x = random(1024, 5);
    double[] n = random(1024, 6);
    double[] y1 = new double[1024];
    double[] y2 = new double[1024];
    for (int i = 0; i < 1024; i++) {
      y1[i] = Math.min(1, Math.max(0, x[i] + 0.05 * (n[i] - 0.5)));
      y2[i] = Math.min(1, Math.max(0, x[i] + 0.5 * (n[i] - 0.5)));
    }
    RgbImage a = grey(32, 32, x);
    RgbImage b1 = grey(32, 32, y1);
    RgbImage b2 = grey(32, 32, y2);
    assertThat(Ssim.ssim(a, b1)).isCloseTo(Ssim.ssim(b1, a), within(1e-12));
    assertThat(Ssim.ssim(a, b1)).isGreaterThan(Ssim.ssim(a, b2));
    assertThat(Ssim.ssim(a, b2)).isLessThan(0.9);
  }

  @Test
  void ssimMapIsLocal() {
    // one changed pixel in a corner leaves the map at 1 beyond the window radius
    double[] x = random(1024, 7);
    double[] y = x.clone();
    y[0] = 1 - y[0];
    double[] map = Ssim.map(grey(32, 32, x), grey(32, 32, y));
    assertThat(map[0]).isLessThan(1.0);
    assertThat(map[6 * 32 + 6]).isCloseTo(1.0, within(1e-12));
    assertThat(map[31 * 32 + 31]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void reflectPaddingMirrorsAtHalfSamples() {
    assertThat(Ssim.reflect(-1, 10)).isZero();
    assertThat(Ssim.reflect(-3, 10)).isEqualTo(2);
    assertThat(Ssim.reflect(10, 10)).isEqualTo(9);
    assertThat(Ssim.reflect(12, 10)).isEqualTo(7);
  }
}
