package org.editrl.world;

import java.util.Arrays;
import org.editrl.core.RgbImage;

/**
 * Where an edit may change the image: one weight in [0, 1] per pixel, row-major
 * {@code [height, width]}; 1 = inside the edit region. World masks are binary: the footprints of
 * every shape that differs between source and target (and the whole background when it is
 * recoloured), dilated by one pixel so anti-aliased edges are inside. Users' masks may be soft.
 * Immutable.
 */
public final class EditMask {
  private final int width;
  private final int height;
  private final float[] values;

  public EditMask(int width, int height, float[] values) {
    if (width <= 0 || height <= 0 || values.length != width * height) {
      throw new IllegalArgumentException(
          "mask of " + width + "x" + height + " needs " + width * height + " values, got " + values.length);
    }
    float[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      if (!(v[i] >= 0f && v[i] <= 1f)) {
        throw new IllegalArgumentException("mask value " + v[i] + " at " + i + " is outside [0, 1]");
      }
    }
    this.width = width;
    this.height = height;
    this.values = v;
  }

  /** A binary mask from a per-pixel predicate result. */
  public static EditMask of(int width, int height, boolean[] inside) {
    float[] v = new float[inside.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = inside[i] ? 1f : 0f;
    }
    return new EditMask(width, height, v);
  }

  /** A mask read from a grey image (white = inside): the mean of the three channels. */
  public static EditMask fromImage(RgbImage image) {
    int n = image.width() * image.height();
    float[] d = image.data();
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float m = (d[i] + d[n + i] + d[2 * n + i]) / 3f;
      v[i] = Math.max(0f, Math.min(1f, m));
    }
    return new EditMask(image.width(), image.height(), v);
  }

  /**
   * The pixels where {@code a} and {@code b} differ by more than {@code threshold} in some
   * channel, as a binary mask (used when users' data has a target but no mask).
   */
  public static EditMask fromDifference(RgbImage a, RgbImage b, float threshold) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("images differ in size: " + a + " vs " + b);
    }
    int n = a.width() * a.height();
    float[] da = a.data();
    float[] db = b.data();
    boolean[] in = new boolean[n];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        if (Math.abs(da[c * n + i] - db[c * n + i]) > threshold) {
          in[i] = true;
        }
      }
    }
    return of(a.width(), a.height(), in);
  }

  /** Grows the mask by {@code radius} pixels (maximum over a (2r+1)² square). */
  public EditMask dilate(int radius) {
    if (radius <= 0) {
      return this;
    }
    float[] out = new float[values.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float m = 0f;
        for (int yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) {
          for (int xx = Math.max(0, x - radius); xx <= Math.min(width - 1, x + radius); xx++) {
            m = Math.max(m, values[yy * width + xx]);
          }
        }
        out[y * width + x] = m;
      }
    }
    return new EditMask(width, height, out);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Weight of pixel (x, y). */
  public float get(int y, int x) {
    return values[y * width + x];
  }

  /** A copy of the weights, row-major. */
  public float[] values() {
    return values.clone();
  }

  /** Sum of the weights (the area inside, in pixels). */
  public double area() {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  /** {@link #area()} as a fraction of the image. */
  public double fraction() {
    return area() / values.length;
  }

  public boolean isEmpty() {
    return area() == 0;
  }

  /** White inside, black outside. */
  public RgbImage toImage() {
    int n = values.length;
    float[] d = new float[3 * n];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(values, 0, d, c * n, n);
    }
    return new RgbImage(width, height, d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EditMask m && m.width == width && m.height == height
        && Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "EditMask[" + width + "x" + height + ", area " + area() + "]";
  }
}
