package org.editrl.world.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.Category;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Operation;
import org.editrl.world.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;

  @Test
  void worldExportRoundTrips() {
    EditWorld w = new EditWorld(5);
    Path m = WorldExport.write(w, Split.HELDOUT, 3, 6, dir, n -> {});
    List<String> warnings = new ArrayList<>();
    List<EditTask> tasks = Manifest.load(m, true, warnings::add);
    assertThat(warnings).isEmpty();
    assertThat(tasks).hasSize(6);
    for (EditTask loaded : tasks) {
      EditTask original = w.task(loaded.id());
      assertThat(loaded.id()).startsWith("heldout-");
      assertThat(loaded.instruction()).isEqualTo(original.instruction());
      assertThat(loaded.reasoningInstruction()).isEqualTo(original.reasoningInstruction());
      assertThat(loaded.directives()).isEqualTo(original.directives());
      assertThat(loaded.category()).isEqualTo(original.category());
      assertThat(loaded.operation()).isEqualTo(original.operation());
      assertThat(loaded.split()).isEqualTo(Split.HELDOUT);
      assertThat(loaded.worldSeed()).isEqualTo(5);
      assertThat(loaded.mask()).isEqualTo(original.mask()); // binary masks survive 8 bits exactly
      assertClose(loaded.source(), original.source());
      assertClose(loaded.target(), original.target());
    }
  }

  private static void assertClose(RgbImage a, RgbImage b) {
    float[] x = a.data();
    float[] y = b.data();
    for (int i = 0; i < x.length; i++) {
      assertThat(Math.abs(x[i] - y[i])).isLessThanOrEqualTo(0.5f / 255f + 1e-6f);
    }
  }

  @Test
  void minimalRowDefaultsIdCategorySplitAndHasNoTarget() throws IOException {
    Png.write(RgbImage.filled(16, 16, 1, 0, 0), dir.resolve("imgs/cat.png"));
    Path m = write("{\"source\":\"imgs/cat.png\",\"instruction\":\"make it blue\"}");
    EditTask t = Manifest.load(m, true, s -> {}).get(0);
    assertThat(t.id()).isEqualTo("cat");
    assertThat(t.category()).isEqualTo(Category.FACTUAL);
    assertThat(t.operation()).isEqualTo(Operation.CUSTOM);
    assertThat(t.split()).isEqualTo(Split.TRAIN);
    assertThat(t.hasTarget()).isFalse();
    assertThat(t.reasoningInstruction()).isEqualTo("make it blue");
  }

  @Test
  void aMalformedLineIsSkippedWithAWarningNamingFileAndLine() throws IOException {
    Png.write(RgbImage.filled(16, 16, 1, 0, 0), dir.resolve("a.png"));
    Path m = write(
        "{\"source\":\"a.png\",\"instruction\":\"x\"}",
        "# a comment",
        "{\"source\":\"a.png\", instruction: oops}",
        "{\"id\":\"b\",\"source\":\"a.png\"}");
    List<String> warnings = new ArrayList<>();
    List<EditTask> tasks = Manifest.load(m, false, warnings::add);
    assertThat(tasks).hasSize(1);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).startsWith(m + ":3: malformed JSON");
    assertThat(warnings.get(1)).startsWith(m + ":4: missing \"instruction\"");
    assertThatThrownBy(() -> Manifest.load(m, true, s -> {}))
        .isInstanceOf(UserError.class).hasMessageStartingWith(m + ":3: malformed JSON");
  }

  @Test
  void badValuesMissingImagesAndSizeMismatchesNameTheLine() throws IOException {
    Png.write(RgbImage.filled(16, 16, 1, 0, 0), dir.resolve("a.png"));
    Png.write(RgbImage.filled(32, 32, 1, 0, 0), dir.resolve("big.png"));
    Path m = write(
        "{\"source\":\"a.png\",\"instruction\":\"x\",\"split\":\"test\"}",
        "{\"source\":\"missing.png\",\"instruction\":\"x\"}",
        "{\"id\":\"c\",\"source\":\"a.png\",\"instruction\":\"x\",\"target\":\"big.png\"}",
        "{\"id\":\"d\",\"source\":\"a.png\",\"instruction\":\"x\",\"category\":\"silly\"}");
    List<String> warnings = new ArrayList<>();
    assertThatThrownBy(() -> Manifest.load(m, false, warnings::add))
        .isInstanceOf(UserError.class).hasMessageContaining("no usable rows");
    assertThat(warnings).hasSize(4);
    assertThat(warnings.get(0)).contains(":1: unknown split 'test'");
    assertThat(warnings.get(1)).contains(":2: image file not found").contains("missing.png");
    assertThat(warnings.get(2)).contains(":3: target big.png is 32x32 but source a.png is 16x16");
    assertThat(warnings.get(3)).contains(":4: unknown category 'silly'");
  }

  @Test
  void duplicateIdsAndAMissingManifestAreErrors() throws IOException {
    Path m = write(
        "{\"id\":\"x\",\"source\":\"a.png\",\"instruction\":\"x\"}",
        "{\"id\":\"x\",\"source\":\"b.png\",\"instruction\":\"y\"}");
    assertThatThrownBy(() -> Manifest.readRows(m, true, s -> {}))
        .isInstanceOf(UserError.class).hasMessage(m + ":2: duplicate id 'x'");
    assertThatThrownBy(() -> Manifest.load(dir.resolve("nope.jsonl"), false, s -> {}))
        .isInstanceOf(UserError.class).hasMessageContaining("manifest not found");
  }

  private Path write(String... lines) throws IOException {
    Path m = dir.resolve("manifest.jsonl");
    Files.write(m, List.of(lines));
    return m;
  }
}
