package org.editrl.core;

import java.util.Arrays;

/**
 * An RGB image as planar floats in [0, 1], layout {@code [3, height, width]} (channel-major, the
 * layout the model consumes). Immutable: the constructor and {@link #data()} copy.
 */
public final class RgbImage {
  public static final int CHANNELS = 3;

  private final int width;
  private final int height;
  private final float[] data;

  public RgbImage(int width, int height, float[] data) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (data.length != CHANNELS * width * height) {
      throw new IllegalArgumentException(
          "expected " + CHANNELS * width * height + " values for " + width + "x" + height
              + ", got " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data.clone();
  }

  /** A blank image filled with one colour. */
  public static RgbImage filled(int width, int height, float r, float g, float b) {
    float[] d = new float[CHANNELS * width * height];
    int plane = width * height;
    Arrays.fill(d, 0, plane, r);
    Arrays.fill(d, plane, 2 * plane, g);
    Arrays.fill(d, 2 * plane, 3 * plane, b);
    return new RgbImage(width, height, d);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Value of channel {@code c} at pixel (x, y). */
  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** A copy of the planar data, layout {@code [3, height, width]}. */
  public float[] data() {
    return data.clone();
  }

  /** Reads without copying; callers must not modify the array. */
  float[] dataUnsafe() {
    return data;
  }

  /** Values clamped to [0, 1] (model outputs may overshoot). */
  public RgbImage clamped() {
    float[] d = data.clone();
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.max(0f, Math.min(1f, d[i]));
    }
    return new RgbImage(width, height, d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.width == width
        && other.height == height
        && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "x" + height + "]";
  }
}
