package org.editrl.reward.metrics;

import org.editrl.core.RgbImage;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from
 * error visibility to structural similarity", IEEE TIP 2004), with the paper's constants: an
 * 11×11 Gaussian window of σ = 1.5 (normalised to sum 1), K1 = 0.01, K2 = 0.03, dynamic range
 * L = 1 (images in [0, 1]), so C1 = (K1·L)², C2 = (K2·L)². At each pixel, with the window's
 * weighted means μ, variances σ² and covariance σxy (no sample-size correction):
 *
 * <pre>
 *   SSIM(x, y) = (2·μx·μy + C1)(2·σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))
 * </pre>
 *
 * Colour images: computed per channel, averaged over the three channels.
 *
 * <p>{@link #map} gives a value at every pixel, padding by half-sample symmetric reflection
 * ("reflect" as in scipy/scikit-image) near the border. {@link #ssim} is the mean over the
 * positions whose window lies wholly inside the image, which is exactly the paper's (and
 * scikit-image's {@code gaussian_weights=True, use_sample_covariance=False}) mean SSIM, so the
 * padding never affects it. This is the one place the formula lives.
 */
public final class Ssim {
  public static final double K1 = 0.01;
  public static final double K2 = 0.03;
  public static final double SIGMA = 1.5;
  /** Window radius: 11×11. */
  public static final int RADIUS = 5;
  public static final double C1 = K1 * K1;
  public static final double C2 = K2 * K2;

  private static final double[] KERNEL = gaussian(SIGMA, RADIUS);

  private Ssim() {}

  /** Mean SSIM over the valid (fully inside) window positions; needs both sides ≥ 11. */
  public static double ssim(RgbImage a, RgbImage b) {
    Images.requireSameSize(a, b);
    int w = a.width();
    int h = a.height();
    if (w < 2 * RADIUS + 1 || h < 2 * RADIUS + 1) {
      throw new IllegalArgumentException("SSIM needs images of at least 11x11, got " + a);
    }
    double[] m = map(a, b);
    double sum = 0;
    int count = 0;
    for (int y = RADIUS; y < h - RADIUS; y++) {
      for (int x = RADIUS; x < w - RADIUS; x++) {
        sum += m[y * w + x];
        count++;
      }
    }
    return sum / count;
  }

  /** The SSIM value at every pixel ({@code [H·W]}, row-major), averaged over channels. */
  public static double[] map(RgbImage a, RgbImage b) {
    Images.requireSameSize(a, b);
    int w = a.width();
    int h = a.height();
    int n = w * h;
    float[] da = a.data();
    float[] db = b.data();
    double[] out = new double[n];
    for (int c = 0; c < 3; c++) {
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = da[c * n + i];
        y[i] = db[c * n + i];
      }
      double[] mc = map(x, y, w, h);
      for (int i = 0; i < n; i++) {
        out[i] += mc[i] / 3.0;
      }
    }
    return out;
  }

  /** The SSIM map of one channel ({@code x}, {@code y} row-major {@code [h·w]}). */
  public static double[] map(double[] x, double[] y, int w, int h) {
    int n = w * h;
    if (x.length != n || y.length != n) {
      throw new IllegalArgumentException("expected " + n + " values per channel");
    }
    double[] xx = new double[n];
    double[] yy = new double[n];
    double[] xy = new double[n];
    for (int i = 0; i < n; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    double[] mx = blur(x, w, h);
    double[] my = blur(y, w, h);
    double[] mxx = blur(xx, w, h);
    double[] myy = blur(yy, w, h);
    double[] mxy = blur(xy, w, h);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double vx = mxx[i] - mx[i] * mx[i];
      double vy = myy[i] - my[i] * my[i];
      double cov = mxy[i] - mx[i] * my[i];
      out[i] = (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
          / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
    }
    return out;
  }

  /** Mean of {@code map} with per-pixel {@code weights} (≥ 0, not all 0). */
  public static double weightedMean(double[] map, double[] weights) {
    if (map.length != weights.length) {
      throw new IllegalArgumentException("map and weights differ in length");
    }
    double s = 0;
    double ws = 0;
    for (int i = 0; i < map.length; i++) {
      s += weights[i] * map[i];
      ws += weights[i];
    }
    if (ws <= 0) {
      throw new IllegalArgumentException("all weights are zero");
    }
    return s / ws;
  }

  /** The normalised 1-D Gaussian; the 2-D window is its outer product. */
  static double[] gaussian(double sigma, int radius) {
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /** Separable Gaussian filter with half-sample symmetric padding. */
  private static double[] blur(double[] v, int w, int h) {
    double[] tmp = new double[w * h];
    double[] out = new double[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
          s += KERNEL[k + RADIUS] * v[y * w + reflect(x + k, w)];
        }
        tmp[y * w + x] = s;
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
          s += KERNEL[k + RADIUS] * tmp[reflect(y + k, h) * w + x];
        }
        out[y * w + x] = s;
      }
    }
    return out;
  }

  /** scipy's "reflect": d c b a | a b c d | d c b a. */
  static int reflect(int i, int n) {
    while (i < 0 || i >= n) {
      i = i < 0 ? -i - 1 : 2 * n - i - 1;
    }
    return i;
  }
}
