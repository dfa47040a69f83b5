package org.editrl.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Reads and writes {@link RgbImage}s as 8-bit RGB PNG files. */
public final class Png {
  private Png() {}

  /**
   * Reads a PNG (or any format ImageIO knows) as RGB in [0, 1]; alpha is dropped.
   *
   * @throws UserError if the file is missing or not an image
   */
  public static RgbImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("image file not found: " + file + " (check the path)");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UserError("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new UserError("not a readable image: " + file + " (expected PNG)");
    }
    return fromBufferedImage(img);
  }

  /** Writes the image as an 8-bit RGB PNG, creating parent directories; values are clamped. */
  public static void write(RgbImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ImageIO.write(toBufferedImage(image), "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Encodes an image as PNG bytes in memory. {@code ImageIO.write} to a plain stream would
   * buffer through a temporary file and register a JVM shutdown hook for it: a disk write per
   * image, and an exception when it runs while the JVM shuts down (the final plots of a run
   * stopped by SIGTERM failed so).
   */
  public static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
    return bytes.toByteArray();
  }

  public static RgbImage fromBufferedImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    float[] d = new float[RgbImage.CHANNELS * w * h];
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int i = y * w + x;
        d[i] = ((rgb >> 16) & 0xff) / 255f;
        d[plane + i] = ((rgb >> 8) & 0xff) / 255f;
        d[2 * plane + i] = (rgb & 0xff) / 255f;
      }
    }
    return new RgbImage(w, h, d);
  }

  public static BufferedImage toBufferedImage(RgbImage image) {
    int w = image.width();
    int h = image.height();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = toByte(image.get(0, y, x));
        int g = toByte(image.get(1, y, x));
        int b = toByte(image.get(2, y, x));
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  /** Quantises [0, 1] to 0..255 with rounding; out-of-range values are clamped. */
  static int toByte(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }
}
