package org.editrl.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.gen.Compositions;
import org.editrl.world.gen.TaskGenerator;
import org.junit.jupiter.api.Test;

class EditWorldTest {
  private static final int N = 300;

  @Test
  void sameSeedGivesTheSameTasksAndAnotherSeedDiffers() {
    EditWorld a = new EditWorld(7, 32);
    EditWorld b = new EditWorld(7, 32);
    EditWorld c = new EditWorld(8, 32);
    int differ = 0;
    for (Split split : Split.values()) {
      for (int i = 0; i < 40; i++) {
        EditTask x = a.task(split, i);
        EditTask y = b.task(split, i);
        assertThat(y.source()).isEqualTo(x.source());
        assertThat(y.target()).isEqualTo(x.target());
        assertThat(y.mask()).isEqualTo(x.mask());
        assertThat(y.instruction()).isEqualTo(x.instruction());
        assertThat(y.reasoningInstruction()).isEqualTo(x.reasoningInstruction());
        assertThat(y.category()).isEqualTo(x.category());
        if (!c.task(split, i).source().equals(x.source())) {
          differ++;
        }
      }
    }
    assertThat(differ).isGreaterThan(70);
  }

  @Test
  void taskIsRegeneratedFromItsId() {
    EditWorld w = new EditWorld(3);
    EditTask t = w.task(Split.HELDOUT, 17);
    assertThat(t.id()).isEqualTo("heldout-17");
    EditTask again = w.task("heldout-17");
    assertThat(again.target()).isEqualTo(t.target());
    assertThat(again.instruction()).isEqualTo(t.instruction());
    assertThat(t.worldSeed()).isEqualTo(3);
  }

  @Test
  void badIdsAndSplitsAreUserErrors() {
    EditWorld w = new EditWorld(3);
    assertThatThrownBy(() -> w.task("valid-3")).isInstanceOf(UserError.class).hasMessageContaining("valid-3");
    assertThatThrownBy(() -> w.task("train-x")).isInstanceOf(UserError.class);
    assertThatThrownBy(() -> w.task("42")).isInstanceOf(UserError.class);
    assertThatThrownBy(() -> Split.parse("test")).isInstanceOf(UserError.class)
        .hasMessageContaining("train, heldout");
    assertThatThrownBy(() -> Category.parse("funny")).isInstanceOf(UserError.class);
  }

  @Test
  void heldoutCompositionsNeverAppearInTrainAndEveryHeldoutTaskHasOne() {
    EditWorld w = new EditWorld(11);
    Set<String> seenHeldout = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      TaskGenerator.Plan p = w.plan(Split.TRAIN, i);
      assertThat(Compositions.heldoutAmong(p.keys())).as("train-%d %s", i, p.keys()).isEmpty();
    }
    for (int i = 0; i < N; i++) {
      TaskGenerator.Plan p = w.plan(Split.HELDOUT, i);
      Set<String> h = Compositions.heldoutAmong(p.keys());
      assertThat(h).as("heldout-%d %s", i, p.keys()).isNotEmpty();
      seenHeldout.addAll(h);
    }
    // the held-out split exercises most held-out compositions, not just one
    assertThat(seenHeldout.size()).isGreaterThan(Compositions.HELDOUT.size() / 2);
  }

  @Test
  void everyPartOfAHeldoutCompositionOccursInTrainInAnotherCombination() {
    // held out by composition, not by vocabulary: "recolour:triangle>purple" is held out, but
    // train recolours triangles to other colours and other kinds to purple
    EditWorld w = new EditWorld(12);
    Set<String> train = new HashSet<>();
    for (int i = 0; i < 6000; i++) {
      train.addAll(w.plan(Split.TRAIN, i).keys());
    }
    for (String key : Compositions.HELDOUT) {
      if (key.startsWith("concept:")) {
        String concept = key.substring(key.lastIndexOf(':') + 1);
        String op = key.substring("concept:".length(), key.lastIndexOf(':'));
        assertThat(train).as(key).anyMatch(k -> k.startsWith("concept:") && k.endsWith(":" + concept));
        assertThat(train).as(key).anyMatch(k -> k.startsWith("concept:" + op + ":"));
        continue;
      }
      String op = key.substring(0, key.indexOf(':'));
      String rest = key.substring(key.indexOf(':') + 1);
      String[] parts = rest.contains(">") ? rest.split(">") : rest.split(" ");
      String sep = rest.contains(">") ? ">" : " ";
      assertThat(train).as(key).anyMatch(k -> k.startsWith(op + ":" + parts[0] + sep));
      assertThat(train).as(key).anyMatch(k -> k.startsWith(op + ":") && k.endsWith(sep + parts[1]));
    }
  }

  @Test
  void keysDescribeTheActualEdit() {
    // a recolour's key names the source kind and the target colour: check against the scenes
    EditWorld w = new EditWorld(5);
    int checked = 0;
    for (int i = 0; i < N; i++) {
      TaskGenerator.Plan p = w.plan(Split.TRAIN, i);
      if (p.operation() == Operation.RECOLOUR && p.category() == Category.FACTUAL) {
        var before = p.source().shapes();
        var after = p.target().shapes();
        var changed = before.stream().filter(s -> !after.contains(s)).findFirst().orElseThrow();
        var now = p.target().shapeAt(changed.cell());
        assertThat(p.keys()).containsExactly(
            "recolour:" + changed.kind().word() + ">" + now.colour().word());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5);
  }

  @Test
  void everyCategoryAndOperationOccursInBothSplits() {
    EditWorld w = new EditWorld(1);
    for (Split split : Split.values()) {
      Set<Category> cats = EnumSet.noneOf(Category.class);
      Set<Operation> ops = EnumSet.noneOf(Operation.class);
      for (int i = 0; i < 600; i++) {
        EditTask t = w.task(split, i);
        cats.add(t.category());
        ops.add(t.operation());
      }
      assertThat(cats).as(split.word()).containsExactlyInAnyOrder(Category.values());
      Set<Operation> expected = EnumSet.allOf(Operation.class);
      expected.remove(Operation.CUSTOM);
      if (split == Split.HELDOUT) {
        // counting adds several identical shapes; held-out adds are rare enough to allow a miss
        expected.remove(Operation.COUNT);
      }
      assertThat(ops).as(split.word()).containsAll(expected);
    }
  }

  @Test
  void tasksAreConsistent() {
    EditWorld w = new EditWorld(2);
    for (Split split : Split.values()) {
      for (int i = 0; i < N; i++) {
        EditTask t = w.task(split, i);
        assertThat(t.hasScenes()).isTrue();
        assertThat(t.directives()).isNotEmpty();
        assertThat(t.instruction()).isEqualTo(String.join(", then ", t.directives()));
        assertThat(t.reasoningInstruction()).isNotBlank();
        assertThat(t.sourceScene().shapes()).hasSizeBetween(1, 5);
        assertThat(t.targetScene()).isNotEqualTo(t.sourceScene());
        assertThat(t.source()).isEqualTo(w.renderer().render(t.sourceScene()));
        assertThat(t.target()).isEqualTo(w.renderer().render(t.targetScene()));
        assertMaskSeparatesTheEdit(t);
      }
    }
  }

  /** Outside the mask source and target are bit-identical; inside they differ somewhere. */
  private static void assertMaskSeparatesTheEdit(EditTask t) {
    EditMask m = t.mask();
    assertThat(m.isEmpty()).as(t.toString()).isFalse();
    int n = t.width() * t.height();
    float[] s = t.source().data();
    float[] g = t.target().data();
    boolean differsInside = false;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < n; i++) {
        boolean inside = m.values()[i] > 0;
        if (!inside) {
          assertThat(g[c * n + i]).as("%s pixel %d", t, i).isEqualTo(s[c * n + i]);
        } else if (Math.abs(g[c * n + i] - s[c * n + i]) > 0.05f) {
          differsInside = true;
        }
      }
    }
    assertThat(differsInside).as(t.toString()).isTrue();
  }

  @Test
  void largerResolutionsRenderTheSameTask() {
    EditTask small = new EditWorld(4, 32).task(Split.TRAIN, 9);
    EditTask large = new EditWorld(4, 64).task(Split.TRAIN, 9);
    assertThat(large.width()).isEqualTo(64);
    assertThat(large.instruction()).isEqualTo(small.instruction());
    assertThat(large.sourceScene()).isEqualTo(small.sourceScene());
    assertThat(new EditWorld(4, 128).task(Split.TRAIN, 9).source().height()).isEqualTo(128);
    assertThatThrownBy(() -> new EditWorld(4, 8)).isInstanceOf(UserError.class);
  }

  @Test
  void tasksListIsConsecutiveIds() {
    List<EditTask> l = new EditWorld(0).tasks(Split.TRAIN, 5, 3);
    assertThat(l).extracting(EditTask::id).containsExactly("train-5", "train-6", "train-7");
  }

  @Test
  void imagesStayInRange() {
    EditTask t = new EditWorld(9).task(Split.TRAIN, 0);
    for (RgbImage img : List.of(t.source(), t.target())) {
      for (float v : img.data()) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }
}
