package org.editrl.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.junit.jupiter.api.Test;

class JudgesTest {
  @Test
  void createsTheVerifiableJudgeByName() {
    assertThat(Judges.create("verifiable")).isInstanceOf(VerifiableJudge.class);
    assertThat(Judges.create(" Verifiable ").name()).isEqualTo("verifiable");
    assertThat(Judges.names()).contains("verifiable");
  }

  @Test
  void unknownJudgeIsAUserErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> Judges.create("oracle"))
        .isInstanceOf(UserError.class).hasMessageContaining("oracle").hasMessageContaining("verifiable");
    assertThatThrownBy(() -> Judges.create("verifiable=abc")).isInstanceOf(UserError.class);
    assertThatThrownBy(() -> Judges.create("verifiable=0")).isInstanceOf(UserError.class);
    assertThatThrownBy(() -> Judges.create("")).isInstanceOf(UserError.class);
  }

  @Test
  void combinedJudgeIsTheWeightedMean() {
    // two fixed judges so the mean is checkable by hand: (3·0.2 + 1·1.0)/4 = 0.4
    Judge low = fixed("low", 0.2);
    Judge high = fixed("high", 1.0);
    Judge mix = new CombinedJudge(List.of(low, high), List.of(3.0, 1.0));
    EditTask t = new EditWorld(0).task(Split.TRAIN, 0);
    JudgeResult r = mix.score(t, t.source());
    assertThat(r.score()).isCloseTo(0.4, within(1e-12));
    assertThat(r.subScores()).containsEntry("low", 0.2).containsEntry("high.x", 1.0);
  }

  @Test
  void weightedSpecBuildsACombination() {
    Judge j = Judges.create("verifiable=2");
    assertThat(j).isInstanceOf(CombinedJudge.class);
    EditTask t = new EditWorld(0).task(Split.TRAIN, 1);
    assertThat(j.score(t, t.target()).score()).isCloseTo(
        new VerifiableJudge().score(t, t.target()).score(), within(1e-12));
    assertThat(JudgeWeights.parse("a=0.7, b").weights()).containsExactly(
        Map.entry("a", 0.7), Map.entry("b", 1.0));
  }

  private static Judge fixed(String name, double score) {
    return new Judge() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public JudgeResult score(EditTask task, RgbImage candidate) {
        return new JudgeResult(score, Map.of("x", score));
      }
    };
  }
}
