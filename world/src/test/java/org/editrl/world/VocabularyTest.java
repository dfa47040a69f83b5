package org.editrl.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.editrl.world.gen.Captions;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  private final Vocabulary v = Vocabulary.world();

  @Test
  void padAndUnkComeFirst() {
    assertThat(v.word(0)).isEqualTo("<pad>");
    assertThat(v.word(1)).isEqualTo("<unk>");
    assertThat(v.id("zebra")).isEqualTo(Vocabulary.UNK);
    assertThat(v.size()).isEqualTo(v.words().size()).isGreaterThan(60);
  }

  @Test
  void encodeLowercasesDropsPunctuationPadsAndTruncates() {
    int[] ids = v.encode("Make the RED circle blue, then remove it", 12);
    assertThat(ids).hasSize(12);
    assertThat(v.decode(ids)).isEqualTo("make the red circle blue then remove it");
    assertThat(ids[8]).isZero();
    assertThat(v.encode("make the red circle blue", 3)).hasSize(3);
    assertThat(v.decode(v.encode("make the red circle blue", 3))).isEqualTo("make the red");
    assertThat(v.decode(v.encode("paint it zebra", 4))).isEqualTo("paint it <unk>");
  }

  @Test
  void everyWordTheWorldWritesIsKnown() {
    EditWorld w = new EditWorld(21);
    for (Split split : Split.values()) {
      for (int i = 0; i < 1500; i++) {
        EditTask t = w.task(split, i);
        for (String text : new String[] {t.instruction(), t.reasoningInstruction(),
            Captions.of(t.sourceScene()), Captions.of(t.targetScene())}) {
          for (String word : Vocabulary.words(text)) {
            assertThat(v.contains(word)).as("'%s' in '%s'", word, text).isTrue();
          }
        }
      }
    }
  }

  @Test
  void idsAreStable() {
    // ids are the sorted words after the two special tokens; a reordering would break checkpoints
    for (int i = 3; i < v.size(); i++) {
      assertThat(v.word(i)).isGreaterThan(v.word(i - 1));
    }
  }

  @Test
  void captionsDescribeTheSceneInReadingOrder() {
    Scene s = new Scene(Colour.GREY, List.of(
        new Shape(ShapeKind.SQUARE, Colour.BLUE, Size.LARGE, Cell.CENTRE),
        new Shape(ShapeKind.CIRCLE, Colour.RED, Size.SMALL, Cell.TOP_LEFT)));
    assertThat(Captions.of(s)).isEqualTo(
        "a small red circle in the top left and a large blue square in the centre on a grey background");
    assertThat(Captions.of(new Scene(Colour.BEIGE, List.of()))).isEqualTo("an empty beige background");
  }
}
