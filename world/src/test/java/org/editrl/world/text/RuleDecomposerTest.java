package org.editrl.world.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.Category;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.gen.Edit;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;
import org.junit.jupiter.api.Test;

class RuleDecomposerTest {
  private final RuleDecomposer rules = new RuleDecomposer();

  @Test
  void decomposesEveryReasoningInstructionIntoTheGroundTruthDirectives() {
    EditWorld w = new EditWorld(31);
    for (Split split : Split.values()) {
      for (int i = 0; i < 800; i++) {
        EditTask t = w.task(split, i);
        assertThat(rules.decompose(t)).as("%s | %s", t.id(), t.reasoningInstruction())
            .isEqualTo(t.directives());
      }
    }
  }

  @Test
  void theSimplePhrasingParsesToTheSameEdits() {
    EditWorld w = new EditWorld(32);
    for (int i = 0; i < 400; i++) {
      EditTask t = w.task(Split.TRAIN, i);
      List<Edit> edits = rules.edits(t.instruction(), t.sourceScene());
      assertThat(Edit.applyAll(t.sourceScene(), edits)).as(t.instruction()).isEqualTo(t.targetScene());
    }
  }

  @Test
  void swapOfTheTwoCirclesWorkedByHand() {
    Scene s = new Scene(Colour.GREY, List.of(
        new Shape(ShapeKind.CIRCLE, Colour.RED, Size.SMALL, Cell.TOP_LEFT),
        new Shape(ShapeKind.CIRCLE, Colour.BLUE, Size.SMALL, Cell.CENTRE),
        new Shape(ShapeKind.SQUARE, Colour.BLUE, Size.LARGE, Cell.BOTTOM_RIGHT)));
    List<Edit> edits = rules.edits("Swap the colours of the two circles", s);
    assertThat(Edit.directives(s, edits)).containsExactly(
        "make the red circle blue", "make the blue circle in the centre red");
    assertThat(Edit.directives(s, rules.edits("remove every shape above the square", s)))
        .containsExactly("remove the red circle", "remove the circle");
  }

  @Test
  void unknownOrAmbiguousInstructionsAreUserErrors() {
    Scene s = new Scene(Colour.GREY, List.of(
        new Shape(ShapeKind.CIRCLE, Colour.RED, Size.SMALL, Cell.TOP_LEFT),
        new Shape(ShapeKind.CIRCLE, Colour.BLUE, Size.SMALL, Cell.CENTRE)));
    assertThatThrownBy(() -> rules.edits("make it pop", s)).isInstanceOf(UserError.class)
        .hasMessageContaining("make it pop");
    assertThatThrownBy(() -> rules.edits("remove the circle", s)).isInstanceOf(UserError.class)
        .hasMessageContaining("more than one");
    assertThatThrownBy(() -> rules.edits("remove the square", s)).isInstanceOf(UserError.class)
        .hasMessageContaining("no shape");
  }

  @Test
  void usersDataIsSplitAtConjunctions() {
    RgbImage img = RgbImage.filled(16, 16, 0, 0, 0);
    EditTask t = EditTask.ofUserData("u", Split.TRAIN, Category.PROCEDURAL,
        "brighten the sky, then add a moon and then blur it", null, null, img, null, null);
    assertThat(rules.decompose(t)).containsExactly("brighten the sky", "add a moon", "blur it");
    EditTask given = EditTask.ofUserData("v", Split.TRAIN, Category.PROCEDURAL, "x", "y",
        List.of("a", "b"), img, null, null);
    assertThat(rules.decompose(given)).containsExactly("a", "b");
  }
}
