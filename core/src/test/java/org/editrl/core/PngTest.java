package org.editrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {
  @TempDir Path dir;

  @Test
  void roundTripIsExactOnEightBitValues() {
    float[] d = eightBitValues(3 * 5 * 4);
    RgbImage img = new RgbImage(5, 4, d);
    Path f = dir.resolve("a/b/img.png");
    Png.write(img, f);
    RgbImage back = Png.read(f);
    assertThat(back.width()).isEqualTo(5);
    assertThat(back.height()).isEqualTo(4);
    assertThat(back.data()).containsExactly(d);
  }

  @Test
  void encodedBytesAreTheSamePngAsTheWrittenFile() throws Exception {
    float[] d = eightBitValues(3 * 6 * 3);
    RgbImage img = new RgbImage(6, 3, d);
    Path f = dir.resolve("img.png");
    Png.write(img, f);
    byte[] encoded = Png.encode(Png.toBufferedImage(img));
    assertThat(encoded).containsExactly(Files.readAllBytes(f));
    Files.write(dir.resolve("encoded.png"), encoded);
    assertThat(Png.read(dir.resolve("encoded.png")).data()).containsExactly(d);
  }

  @Test
  void missingAndGarbageFilesAreUserErrors() throws Exception {
    assertThatThrownBy(() -> Png.read(dir.resolve("nope.png")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not found");
    Path junk = dir.resolve("junk.png");
    Files.writeString(junk, "not an image");
    assertThatThrownBy(() -> Png.read(junk))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not a readable image");
  }

  /** Values a PNG stores exactly (multiples of 1/255), spread over the range. */
  private static float[] eightBitValues(int n) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = ((i * 37) % 256) / 255f;
    }
    return d;
  }
}
