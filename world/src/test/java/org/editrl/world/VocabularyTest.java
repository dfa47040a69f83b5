package org.editrl.world;

import static org.assertj.core.api.Assertions.assertThat;

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
        for (String text : new String[] {t.instruction(), t.reasoningInstruction()}) {
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
}
