package org.editrl.world.scene;

import org.editrl.core.RgbImage;
import org.editrl.core.UserError;

/**
 * Draws a {@link Scene} as an RGB image, deterministically and anti-aliased by supersampling:
 * each pixel averages an n×n grid of point samples (4×4 by default), so a shape's edge pixels
 * blend its colour with the background by the covered fraction. The pixel value is
 * {@code background·(1 − Σ coverage) + Σ coverage·colour}; shapes never overlap (one per cell,
 * each inside its cell), so the sum is exact.
 *
 * <p>Geometry scales with the resolution: the grid is 3×3 cells of side {@code resolution/3},
 * each shape centred in its cell with a bounding box of {@link Size#cellFraction()} of the cell.
 * Circle and square have the same area; the diamond is the circle's inscribed square turned 45°.
 * Only float arithmetic and comparisons are used, so the output is bit-identical on every JVM.
 */
public final class SceneRenderer {
  /** Default image side. */
  public static final int DEFAULT_RESOLUTION = 32;
  /** Smallest supported side: below it a small shape is under 3 px. */
  public static final int MIN_RESOLUTION = 16;
  /** Largest supported side. */
  public static final int MAX_RESOLUTION = 1024;
  /** Default supersampling: 4×4 samples per pixel. */
  public static final int DEFAULT_SAMPLES = 4;

  private final int resolution;
  private final int samples;

  public SceneRenderer(int resolution) {
    this(resolution, DEFAULT_SAMPLES);
  }

  /**
   * @param resolution image side in pixels (16–1024)
   * @param samplesPerAxis supersampling factor per axis (1 = aliased)
   */
  public SceneRenderer(int resolution, int samplesPerAxis) {
    checkResolution(resolution);
    if (samplesPerAxis < 1 || samplesPerAxis > 16) {
      throw new IllegalArgumentException("samples per axis must be in 1..16, got " + samplesPerAxis);
    }
    this.resolution = resolution;
    this.samples = samplesPerAxis;
  }

  /** Throws a {@link UserError} unless {@code resolution} is supported. */
  public static void checkResolution(int resolution) {
    if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
      throw new UserError("resolution must be between " + MIN_RESOLUTION + " and " + MAX_RESOLUTION
          + " pixels, got " + resolution);
    }
  }

  public int resolution() {
    return resolution;
  }

  public RgbImage render(Scene scene) {
    int n = resolution * resolution;
    float[] acc = new float[3 * n];
    float[] covered = new float[n];
    for (Shape s : scene.shapes()) {
      float[] cov = coverage(s);
      Colour c = s.colour();
      for (int i = 0; i < n; i++) {
        float a = cov[i];
        if (a > 0f) {
          covered[i] += a;
          acc[i] += a * c.r();
          acc[n + i] += a * c.g();
          acc[2 * n + i] += a * c.b();
        }
      }
    }
    Colour bg = scene.background();
    for (int i = 0; i < n; i++) {
      float rest = 1f - covered[i];
      acc[i] += rest * bg.r();
      acc[n + i] += rest * bg.g();
      acc[2 * n + i] += rest * bg.b();
    }
    return new RgbImage(resolution, resolution, acc);
  }

  /** Fraction of each pixel covered by the shape, row-major {@code [resolution²]}, in [0, 1]. */
  public float[] coverage(Shape shape) {
    float[] cov = new float[resolution * resolution];
    float cellSide = resolution / (float) Cell.GRID;
    float cx = (shape.cell().col() + 0.5f) * cellSide;
    float cy = (shape.cell().row() + 0.5f) * cellSide;
    float h = (float) (shape.size().cellFraction() * cellSide / 2.0);
    int x0 = Math.max(0, (int) Math.floor(cx - h) - 1);
    int x1 = Math.min(resolution - 1, (int) Math.ceil(cx + h) + 1);
    int y0 = Math.max(0, (int) Math.floor(cy - h) - 1);
    int y1 = Math.min(resolution - 1, (int) Math.ceil(cy + h) + 1);
    float weight = 1f / (samples * samples);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        int hits = 0;
        for (int sy = 0; sy < samples; sy++) {
          float dy = y + (sy + 0.5f) / samples - cy;
          for (int sx = 0; sx < samples; sx++) {
            float dx = x + (sx + 0.5f) / samples - cx;
            if (inside(shape.kind(), dx, dy, h)) {
              hits++;
            }
          }
        }
        cov[y * resolution + x] = hits * weight;
      }
    }
    return cov;
  }

  /** Whether the point (dx, dy), relative to the centre, lies in a shape of half-extent h. */
  static boolean inside(ShapeKind kind, float dx, float dy, float h) {
    float ax = Math.abs(dx);
    float ay = Math.abs(dy);
    return switch (kind) {
      case CIRCLE -> dx * dx + dy * dy <= h * h;
      // side 2·0.886h: the same area as the circle
      case SQUARE -> ax <= 0.886f * h && ay <= 0.886f * h;
      case DIAMOND -> ax + ay <= h;
      // apex up at −h, base at +0.8h, base half-width h
      case TRIANGLE -> dy <= 0.8f * h && dy >= -h && ax <= (dy + h) / 1.8f;
    };
  }
}
