package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupSamplerTest {
  private static final int H = 6;
  private static final int W = 5;
  private static final TimeGrid GRID = TimeGrid.uniform(10);
  private static final VelocityField FIELD = AnalyticFields.gaussian(0.3f);

  private NDManager m;

  @BeforeEach
  void open() {
    m = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    m.close();
  }

  private Conditioning conditioning(int batch, long seed) {
    float[] src = GaussianNoise.standardNormal(seed, batch * 3 * H * W);
    for (int i = 0; i < src.length; i++) {
      src[i] = 0.5f + 0.2f * src[i];
    }
    int[] tokens = new int[batch * 4];
    return new Conditioning(m.create(src, new Shape(batch, 3, H, W)), m.create(tokens, new Shape(batch, 4)));
  }

  private static float maxAbsDiff(NDArray a, NDArray b) {
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    assertThat(x).hasSameSizeAs(y);
    float max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }

  /** The ODE walk recomputed here step by step from the documented noise seeds. */
  private NDArray odeStatesUpTo(Conditioning c, long[] sampleSeeds, int upTo) {
    long[] initial = new long[sampleSeeds.length];
    for (int i = 0; i < initial.length; i++) {
      initial[i] = Seeds.derive(sampleSeeds[i], "initial");
    }
    NDArray x = GaussianNoise.batch(m, initial, new Shape(3, H, W));
    for (int j = 0; j < upTo; j++) {
      x = FlowStep.odeStep(x, FIELD.velocity(x, m.full(new Shape(initial.length), GRID.t(j)), c), GRID.dt(j));
    }
    return x;
  }

  /** μ_j of window step i recomputed by FIELD from the stored state x_j (drift correction on). */
  private NDArray recomputedMean(WindowedTrajectory w, int i, Conditioning group) {
    float t = w.t(i);
    NDArray xj = w.states().get(new NDIndex(":, {}", i));
    NDArray v = FIELD.velocity(xj, m.full(new Shape(w.groupSize()), t), group);
    return FlowStep.sdeMean(xj, v, t, w.dt(i), FlowStep.sigma(w.sde(), t), true);
  }

  @Test
  void recomputingTheWindowWithTheSamePolicyGivesRatioOne() {
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    Conditioning one = conditioning(1, 1);
    int k = 3;
    WindowedTrajectory w = sampler.sampleGroup(m, one, 4, 2, k, 42L);
    Conditioning group = GroupSampler.broadcast(m, one, 4);
    NDArray sumNew = m.zeros(new Shape(4));
    NDArray sumOld = w.logProbs().sum(new int[] {1});
    NDArray chain = w.states().get(":, 0"); // Dense GRPO: x̃_r = x_r, then follow the stored noises
    for (int i = 0; i < k; i++) {
      float t = w.t(i);
      float dt = w.dt(i);
      float sigma = FlowStep.sigma(w.sde(), t);
      NDArray mean = recomputedMean(w, i, group);
      NDArray next = w.states().get(new NDIndex(":, {}", i + 1));
      NDArray lp = FlowStep.logProb(next, mean, sigma, dt);
      assertThat(maxAbsDiff(lp, w.logProbs().get(new NDIndex(":, {}", i)))).isLessThan(1e-5f);
      sumNew = sumNew.add(lp);
      NDArray chainMean = FlowStep.sdeMean(chain, FIELD.velocity(chain, m.full(new Shape(4), t), group), t, dt, sigma, true);
      chain = FlowStep.sdeSample(chainMean, sigma, dt, w.noises().get(new NDIndex(":, {}", i)));
      assertThat(maxAbsDiff(chain, next)).isLessThan(1e-5f);
    }
    float[] ratio = sumNew.sub(sumOld).exp().toFloatArray();
    for (float r : ratio) {
      assertThat(r).isCloseTo(1f, within(1e-5f));
    }
    // The log-probs are real densities, not zeros: about −log(σ·sqrt|dt|) − ½log(2πe) per element.
    float sigma0 = FlowStep.sigma(w.sde(), w.t(0));
    double expected = -Math.log(FlowStep.stdDev(sigma0, w.dt(0))) - 0.5 * Math.log(2 * Math.PI * Math.E);
    assertThat((double) w.logProbs().get("0, 0").getFloat()).isCloseTo(expected, within(0.3));
  }

  @Test
  void blockNoiseStepsMoveOnlyBlockMeansAndTheirLogProbsAreThoseOfTheBlockValues() {
    int block = 2;
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults().withNoiseBlock(block))
        .withInitialNoise(InitialNoise.SHARED);
    float[] src = GaussianNoise.standardNormal(8, 3 * 4 * 6);
    Conditioning one = new Conditioning(m.create(src, new Shape(1, 3, 4, 6)), m.create(new int[4], new Shape(1, 4)));
    int k = 2;
    WindowedTrajectory w = sampler.sampleGroup(m, one, 3, 7, k, 9L);
    Conditioning group = GroupSampler.broadcast(m, one, 3);
    for (int i = 0; i < k; i++) {
      float sigma = FlowStep.sigma(w.sde(), w.t(i));
      NDArray mean = recomputedMean(w, i, group);
      NDArray next = w.states().get(new NDIndex(":, {}", i + 1));
      float std = FlowStep.stdDev(sigma, w.dt(i));
      // x_{j+1} − μ_j is std times the block noise, constant on every 2×2 block
      float[] step = next.sub(mean).div(std).toFloatArray();
      float[] z = FlowStep.blockMeans(next.sub(mean), block).div(std).toFloatArray();
      assertThat(z).hasSize(3 * 3 * 2 * 3);
      for (int p = 0; p < step.length; p++) {
        int x = p % 6;
        int y = (p / 6) % 4;
        int rest = p / 24; // sample · 3 + channel
        assertThat(step[p]).isCloseTo(z[(rest * 2 + y / block) * 3 + x / block], within(1e-3f));
      }
      // the stored log-prob is the standard normal density of those block values, per block
      float[] stored = w.logProbs().get(new NDIndex(":, {}", i)).toFloatArray();
      for (int b = 0; b < 3; b++) {
        double sum = 0;
        for (int q = b * 18; q < (b + 1) * 18; q++) {
          sum += -0.5 * z[q] * z[q] - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
        }
        assertThat((double) stored[b]).isCloseTo(sum / 18, within(1e-4 * Math.max(1, Math.abs(sum / 18))));
      }
    }
  }

  @Test
  void sharedInitialNoiseMakesAGroupDifferOnlyInsideTheWindow() {
    Conditioning one = conditioning(1, 3);
    int r = 4;
    GroupSampler perSample = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    GroupSampler shared = perSample.withInitialNoise(InitialNoise.SHARED);
    WindowedTrajectory own = perSample.sampleGroup(m, one, 3, r, 2, 5L);
    WindowedTrajectory same = shared.sampleGroup(m, one, 3, r, 2, 5L);
    // Per sample: the edits reach the window from different places.
    assertThat(maxAbsDiff(own.states().get("0, 0"), own.states().get("1, 0"))).isGreaterThan(0.05f);
    // Shared: one ODE path up to x_r for the whole group ...
    assertThat(maxAbsDiff(same.states().get("0, 0"), same.states().get("1, 0"))).isZero();
    assertThat(maxAbsDiff(same.states().get("0, 0"), same.states().get("2, 0"))).isZero();
    // ... that is the documented per-group start, not any one sample's own ...
    long start = Seeds.derive(5L, "shared-initial");
    NDArray x = GaussianNoise.batch(m, new long[] {start}, new Shape(3, H, W));
    for (int j = 0; j < r; j++) {
      x = FlowStep.odeStep(x, FIELD.velocity(x, m.full(new Shape(1), GRID.t(j)), one), GRID.dt(j));
    }
    assertThat(maxAbsDiff(same.states().get("0:1, 0"), x)).isLessThan(1e-6f);
    // That path is walked once, at batch 1, and the group branches at x_r: r calls of batch 1,
    // then the T − r calls from the window on at batch G.
    List<Long> batches = new ArrayList<>();
    VelocityField counted = (xt, t, c) -> {
      batches.add(xt.getShape().get(0));
      return FIELD.velocity(xt, t, c);
    };
    WindowedTrajectory again = new GroupSampler(counted, GRID, SdeSettings.defaults())
        .withInitialNoise(InitialNoise.SHARED).sampleGroup(m, one, 3, r, 2, 5L);
    List<Long> expectedBatches = new ArrayList<>();
    for (int j = 0; j < GRID.steps(); j++) {
      expectedBatches.add(j < r ? 1L : 3L);
    }
    assertThat(batches).isEqualTo(expectedBatches);
    assertThat(maxAbsDiff(again.finals(), same.finals())).isZero();
    // ... and the window's SDE noises stay per sample, so the edits part there.
    assertThat(maxAbsDiff(same.noises(), own.noises())).isZero();
    assertThat(maxAbsDiff(same.finals().get("0"), same.finals().get("1"))).isGreaterThan(0.01f);
    // Batches of different tasks (evaluation) keep their own noises whatever the group mode.
    Conditioning two = conditioning(2, 4);
    assertThat(maxAbsDiff(shared.sampleOde(m, two, 9L), perSample.sampleOde(m, two, 9L))).isZero();
  }

  @Test
  void windowIsStochasticInsideAndDeterministicOdeOutside() {
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    Conditioning one = conditioning(1, 2);
    int r = 4;
    int k = 3;
    WindowedTrajectory w = sampler.sampleGroup(m, one, 3, r, k, 7L);
    Conditioning group = GroupSampler.broadcast(m, one, 3);
    // Before the window: exactly the ODE walk.
    NDArray odeXr = odeStatesUpTo(group, w.noiseSeeds(), r);
    assertThat(maxAbsDiff(w.states().get(":, 0"), odeXr)).isLessThan(1e-6f);
    // Inside: every step is the SDE step with a non-trivial noise (it departs from the ODE step).
    for (int i = 0; i < k; i++) {
      NDArray xj = w.states().get(new NDIndex(":, {}", i));
      NDArray v = FIELD.velocity(xj, m.full(new Shape(3), w.t(i)), group);
      NDArray odeNext = FlowStep.odeStep(xj, v, w.dt(i));
      NDArray next = w.states().get(new NDIndex(":, {}", i + 1));
      assertThat(maxAbsDiff(next, odeNext)).isGreaterThan(0.05f);
      float sigma = FlowStep.sigma(w.sde(), w.t(i));
      NDArray sde = FlowStep.sdeSample(FlowStep.sdeMean(xj, v, w.t(i), w.dt(i), sigma, true), sigma, w.dt(i),
          w.noises().get(new NDIndex(":, {}", i)));
      assertThat(maxAbsDiff(next, sde)).isLessThan(1e-6f);
    }
    // After: the ODE tail from x_{r+k}.
    NDArray x = w.states().get(new NDIndex(":, {}", k));
    for (int j = r + k; j < GRID.steps(); j++) {
      x = FlowStep.odeStep(x, FIELD.velocity(x, m.full(new Shape(3), GRID.t(j)), group), GRID.dt(j));
    }
    assertThat(maxAbsDiff(x, w.finals())).isLessThan(1e-6f);
    // The same walk without recording gives the same finals.
    NDArray windowed = sampler.sampleWindowed(m, group, 7L, r, r + k);
    assertThat(maxAbsDiff(windowed, w.finals())).isZero();
  }

  @Test
  void sdeSampleTendsToTheOdeSampleAsTheNoiseLevelVanishes() {
    Conditioning c = conditioning(2, 3);
    NDArray ode = new GroupSampler(FIELD, GRID, SdeSettings.defaults()).sampleOde(m, c, 9L);
    float previous = Float.MAX_VALUE;
    for (float a : new float[] {0.5f, 0.05f, 0.005f, 0.0005f}) {
      NDArray sde = new GroupSampler(FIELD, GRID, SdeSettings.defaults().withNoiseLevel(a)).sampleSde(m, c, 9L);
      float gap = maxAbsDiff(sde, ode);
      assertThat(gap).isLessThan(previous);
      previous = gap;
    }
    assertThat(previous).isLessThan(1e-3f);
  }

  @Test
  void odeSamplerWalksExactlyToAPointMassTarget() {
    Conditioning c = conditioning(2, 4);
    NDArray out = new GroupSampler(AnalyticFields.pointMass(), GRID, SdeSettings.defaults()).sampleOde(m, c, 1L);
    assertThat(maxAbsDiff(out, c.source())).isLessThan(1e-5f);
  }

  @Test
  void driftCorrectedSdeKeepsTheTargetDistribution() {
    float s = 0.3f;
    int batch = 64;
    Conditioning c = conditioning(batch, 5);
    TimeGrid fine = TimeGrid.uniform(40);
    for (boolean correction : new boolean[] {true, false}) {
      SdeSettings sde = new SdeSettings(0.7f, correction, 0.95f);
      NDArray out = new GroupSampler(AnalyticFields.gaussian(s), fine, sde).sampleSde(m, c, 11L);
      NDArray z = out.sub(c.source());
      double mean = z.mean().getFloat();
      double std = Math.sqrt(z.sub((float) mean).square().mean().getFloat());
      if (correction) {
        assertThat(mean).isCloseTo(0.0, within(0.02));
        assertThat(std).isCloseTo(s, within(0.03));
      } else {
        // Without the correction the SDE adds noise the drift never removes.
        assertThat(std).isGreaterThan(s * 1.5);
      }
    }
  }

  @Test
  void samplesAreFixedBySeedAndIndexAlone() {
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    Conditioning one = conditioning(1, 6);
    WindowedTrajectory a = sampler.sampleGroup(m, one, 4, 1, 2, 5L);
    WindowedTrajectory b = sampler.sampleGroup(m, one, 4, 1, 2, 5L);
    WindowedTrajectory small = sampler.sampleGroup(m, one, 2, 1, 2, 5L);
    WindowedTrajectory other = sampler.sampleGroup(m, one, 4, 1, 2, 6L);
    assertThat(a.states().toFloatArray()).isEqualTo(b.states().toFloatArray());
    assertThat(a.logProbs().toFloatArray()).isEqualTo(b.logProbs().toFloatArray());
    assertThat(a.finals().toFloatArray()).isEqualTo(b.finals().toFloatArray());
    assertThat(a.noiseSeeds()).isEqualTo(b.noiseSeeds());
    assertThat(small.finals().toFloatArray()).isEqualTo(a.finals().get("0:2").toFloatArray());
    assertThat(maxAbsDiff(other.finals(), a.finals())).isGreaterThan(0.01f);
    // Samples of a group differ from one another.
    assertThat(maxAbsDiff(a.finals().get("0"), a.finals().get("1"))).isGreaterThan(0.01f);
  }

  @Test
  void windowStartIsDrawnInRangeAndFixedBySeed() {
    int[] counts = new int[8];
    for (long seed = 0; seed < 400; seed++) {
      int r = WindowPlacement.UNIFORM.windowStart(seed, 10, 3);
      assertThat(r).isBetween(0, 7).isEqualTo(WindowPlacement.UNIFORM.windowStart(seed, 10, 3));
      counts[r]++;
    }
    assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isGreaterThan(20);
    assertThatThrownBy(() -> WindowPlacement.UNIFORM.windowStart(1, 3, 4)).hasMessageContaining("does not fit");
  }

  @Test
  void windowPlacementsPutTheWindowWhereTheyNameIt() {
    Set<Integer> uniform = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      uniform.add(WindowPlacement.UNIFORM.windowStart(seed, 10, 3));
      assertThat(WindowPlacement.FIRST.windowStart(seed, 10, 3)).isZero();
      assertThat(WindowPlacement.LAST.windowStart(seed, 10, 3)).isEqualTo(7);
    }
    assertThat(uniform).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(WindowPlacement.LAST.windowStart(1, 10, 10)).isZero();
    assertThatThrownBy(() -> WindowPlacement.LAST.windowStart(1, 3, 4)).hasMessageContaining("does not fit");
    // what a group costs to sample: the shared path before the window once, the rest G times
    assertThat(GroupSampler.forwardSamples(InitialNoise.SHARED, 8, 10, 9)).isEqualTo(9 + 8);
    assertThat(GroupSampler.forwardSamples(InitialNoise.SHARED, 8, 10, 0)).isEqualTo(80);
    assertThat(GroupSampler.forwardSamples(InitialNoise.PER_SAMPLE, 8, 10, 9)).isEqualTo(80);
  }

  @Test
  void samplingLeavesNoArraysBehind() {
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    Conditioning c = conditioning(2, 7);
    int baseline = m.getManagedArrays().size();
    for (int i = 0; i < 5; i++) {
      sampler.sampleOde(m, c, i).close();
      sampler.sampleSde(m, c, i).close();
      try (NDManager group = m.newSubManager()) {
        Conditioning one = new Conditioning(c.source().get("0:1"), c.tokens().get("0:1"));
        one.source().attach(group);
        one.tokens().attach(group);
        sampler.sampleGroupTraced(group, one, 3, 2, 3, i);
        sampler.withInitialNoise(InitialNoise.SHARED).sampleGroup(group, one, 3, 2, 3, i);
      }
    }
    assertThat(m.getManagedArrays()).hasSize(baseline);
  }

  @Test
  void refusesWindowsThatDoNotFitAndGroupsOfWrongBatch() {
    GroupSampler sampler = new GroupSampler(FIELD, GRID, SdeSettings.defaults());
    assertThatThrownBy(() -> sampler.sampleGroup(m, conditioning(1, 1), 2, 8, 3, 1L)).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> sampler.sampleGroup(m, conditioning(2, 1), 2, 0, 3, 1L)).hasMessageContaining("batch 1");
    Conditioning caption = new Conditioning(null, m.zeros(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT32));
    assertThatThrownBy(() -> sampler.sampleOde(m, caption, 1L)).hasMessageContaining("withImageShape");
  }
}
