package org.editrl.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.Category;
import org.editrl.world.EditMask;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Operation;
import org.editrl.world.Split;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptance properties of issue 3, over 300 train and 100 held-out tasks. */
class VerifiableJudgeTest {
  private static final Judge JUDGE = new VerifiableJudge();
  private static List<EditTask> tasks;

  @BeforeAll
  static void makeTasks() {
    EditWorld w = new EditWorld(2026);
    tasks = new ArrayList<>(w.tasks(Split.TRAIN, 0, 300));
    tasks.addAll(w.tasks(Split.HELDOUT, 0, 100));
    Map<Category, Integer> perCategory = new EnumMap<>(Category.class);
    tasks.forEach(t -> perCategory.merge(t.category(), 1, Integer::sum));
    assertThat(perCategory).hasSize(3);
    perCategory.values().forEach(n -> assertThat(n).isGreaterThan(60));
  }

  @Test
  void groundTruthTargetsScoreAtLeast099() {
    for (EditTask t : tasks) {
      JudgeResult r = JUDGE.score(t, t.target());
      assertThat(r.score()).as("%s %s", t, r.subScores()).isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void eightBitQuantisedTargetsStillScoreAtLeast099() {
    for (EditTask t : tasks) {
      float[] d = t.target().data();
      for (int i = 0; i < d.length; i++) {
        d[i] = Math.round(d[i] * 255f) / 255f;
      }
      JudgeResult r = JUDGE.score(t, new RgbImage(t.width(), t.height(), d));
      assertThat(r.score()).as("%s %s", t, r.subScores()).isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void theUneditedSourceScoresAtMost035() {
    for (EditTask t : tasks) {
      JudgeResult r = JUDGE.score(t, t.source());
      assertThat(r.score()).as("%s %s", t, r.subScores()).isLessThanOrEqualTo(0.35);
    }
  }

  @Test
  void noiseOutsideTheMaskScoresStrictlyLowerThanTheCleanTarget() {
    Random rng = new Random(99);
    int tested = 0;
    for (EditTask t : tasks) {
      if (t.mask().fraction() == 1.0) {
        continue; // background changes: nothing lies outside the mask
      }
      float[] m = t.mask().values();
      float[] d = t.target().data();
      int n = m.length;
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < n; i++) {
          if (m[i] == 0f) {
            d[c * n + i] = (float) Math.min(1, Math.max(0, d[c * n + i] + 0.1 * rng.nextGaussian()));
          }
        }
      }
      double clean = JUDGE.score(t, t.target()).score();
      JudgeResult noisy = JUDGE.score(t, new RgbImage(t.width(), t.height(), d));
      assertThat(noisy.score()).as("%s %s", t, noisy.subScores()).isLessThan(clean);
      assertThat(noisy.sub("instruction")).isEqualTo(1.0); // the edit itself is untouched
      tested++;
    }
    assertThat(tested).isGreaterThanOrEqualTo(200);
  }

  @Test
  void theWrongColourInsideTheMaskScoresAtMost05() {
    for (EditTask t : tasks) {
      JudgeResult r = JUDGE.score(t, wrongColour(t));
      assertThat(r.score()).as("%s %s", t, r.subScores()).isLessThanOrEqualTo(0.5);
    }
  }

  /**
   * The target with every pixel the edit changes painted in the palette colour farthest from
   * the target's mean colour there: right place and shape, wrong colour.
   */
  static RgbImage wrongColour(EditTask t) {
    float[] s = t.source().data();
    float[] d = t.target().data();
    float[] m = t.mask().values();
    int n = m.length;
    boolean[] changed = new boolean[n];
    double[] mean = new double[3];
    int count = 0;
    for (int i = 0; i < n; i++) {
      double dist = 0;
      for (int c = 0; c < 3; c++) {
        dist += Math.abs(d[c * n + i] - s[c * n + i]);
      }
      if (m[i] > 0 && dist > 0.02) {
        changed[i] = true;
        count++;
        for (int c = 0; c < 3; c++) {
          mean[c] += d[c * n + i];
        }
      }
    }
    Colour far = null;
    double best = -1;
    for (Colour col : Colour.shapeColours()) {
      double dist = 0;
      for (int c = 0; c < 3; c++) {
        dist += Math.pow(col.channel(c) - mean[c] / count, 2);
      }
      if (dist > best) {
        best = dist;
        far = col;
      }
    }
    for (int i = 0; i < n; i++) {
      if (changed[i]) {
        for (int c = 0; c < 3; c++) {
          d[c * n + i] = far.channel(c);
        }
      }
    }
    return new RgbImage(t.width(), t.height(), d);
  }

  @Test
  void aRecolourToTheWrongPaletteColourScoresAtMost05() {
    // rendered from scenes: the recoloured shape in every other colour, even the nearest one
    EditWorld w = new EditWorld(2026);
    int tested = 0;
    for (EditTask t : tasks) {
      if (t.operation() != Operation.RECOLOUR) {
        continue;
      }
      Shape changed = t.targetScene().shapes().stream()
          .filter(s -> !t.sourceScene().shapes().contains(s)).findFirst().orElseThrow();
      for (Colour wrong : Colour.shapeColours()) {
        if (wrong == changed.colour() || wrong == t.sourceScene().shapeAt(changed.cell()).colour()) {
          continue;
        }
        Scene bad = t.targetScene().replace(changed.cell(), changed.withColour(wrong));
        JudgeResult r = JUDGE.score(t, w.renderer().render(bad));
        assertThat(r.score()).as("%s as %s: %s", t, wrong.word(), r.subScores())
            .isLessThanOrEqualTo(0.5);
        tested++;
      }
    }
    assertThat(tested).isGreaterThan(100);
  }

  @Test
  void rewardGrowsSmoothlyAsTheCandidateMovesFromSourceToTarget() {
    double[] alphas = {0, 0.25, 0.5, 0.75, 1};
    double[] meanByAlpha = new double[alphas.length];
    for (EditTask t : tasks) {
      double previous = -1;
      for (int k = 0; k < alphas.length; k++) {
        double r = JUDGE.score(t, blend(t.source(), t.target(), alphas[k])).score();
        assertThat(r).as("%s at %s", t, alphas[k]).isGreaterThanOrEqualTo(previous - 1e-12);
        previous = r;
        meanByAlpha[k] += r / tasks.size();
      }
    }
    for (int k = 1; k < alphas.length; k++) {
      assertThat(meanByAlpha[k]).isGreaterThan(meanByAlpha[k - 1] + 0.05);
    }
    // graded, not pass/fail: the half-way edit is neither 0 nor 1
    assertThat(meanByAlpha[2]).isBetween(0.1, 0.9);
  }

  static RgbImage blend(RgbImage a, RgbImage b, double alpha) {
    float[] x = a.data();
    float[] y = b.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) ((1 - alpha) * x[i] + alpha * y[i]);
    }
    return new RgbImage(a.width(), a.height(), x);
  }

  @Test
  void usersDataWithoutAMaskDerivesOneFromTheTarget() {
    EditTask world = tasks.get(1);
    EditTask user = EditTask.ofUserData("u1", Split.TRAIN, Category.FACTUAL, world.instruction(),
        null, null, world.source(), world.target(), null);
    assertThat(JUDGE.score(user, world.target()).score()).isGreaterThanOrEqualTo(0.99);
    assertThat(JUDGE.score(user, world.source()).score()).isLessThanOrEqualTo(0.35);
  }

  @Test
  void aTaskWithoutTargetOrACandidateOfTheWrongSizeIsAUserError() {
    EditTask world = tasks.get(0);
    EditTask noTarget = EditTask.ofUserData("u2", Split.TRAIN, Category.FACTUAL, "do it", null,
        null, world.source(), null, null);
    assertThatThrownBy(() -> JUDGE.score(noTarget, world.source()))
        .isInstanceOf(UserError.class).hasMessageContaining("u2").hasMessageContaining("target");
    RgbImage big = RgbImage.filled(64, 64, 0, 0, 0);
    assertThatThrownBy(() -> JUDGE.score(world, big))
        .isInstanceOf(UserError.class).hasMessageContaining("64x64").hasMessageContaining("32x32");
  }

  @Test
  void subScoresAreReported() {
    EditTask t = tasks.get(3);
    JudgeResult r = JUDGE.score(t, t.source());
    assertThat(r.subScores()).containsKeys("instruction", "colour", "overlap", "preservation",
        "psnr_db", "ssim");
    assertThat(r.sub("preservation")).isEqualTo(1.0);
    assertThat(r.sub("overlap")).isEqualTo(0.0);
    // the mask a partial mask weight would give still lies in [0, 1]
    assertThat(new EditMask(1, 1, new float[] {0.5f}).area()).isEqualTo(0.5);
  }
}
