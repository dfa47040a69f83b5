package org.editrl.learner.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.junit.jupiter.api.Test;

/**
 * The GRPO objectives on a field whose every call has its own scalar parameter,
 * {@code v_i(x) = w_i·x + b}, so gradients can be traced to individual velocity calls.
 */
class GrpoObjectivesTest {
  private static final int G = 4;
  private static final int K = 3;
  private static final TimeGrid GRID = TimeGrid.uniform(6);
  private static final SdeSettings SDE = SdeSettings.defaults();

  /** v = w_i·x + 0.1 where i counts calls; the parameters are the w_i. */
  private static final class PerCallField implements VelocityField {
    final List<NDArray> weights = new ArrayList<>();
    private int call;

    PerCallField(NDManager m, int calls, float w) {
      for (int i = 0; i < calls; i++) {
        NDArray p = m.create(w);
        p.setRequiresGradient(true);
        weights.add(p);
      }
    }

    void reset() {
      call = 0;
    }

    @Override
    public NDArray velocity(NDArray xt, NDArray t, Conditioning c) {
      return xt.mul(weights.get(call++)).add(0.1f);
    }
  }

  /** Samples a window with stored states, noises and log-probs, like the rollout does. */
  private static WindowInputs sampleWindow(NDManager m, VelocityField field, int r, int k,
      float[] advantages) {
    Random random = new Random(7);
    NDArray x = m.create(gaussian(random, G * 3 * 2 * 2)).reshape(G, 3, 2, 2);
    List<NDArray> states = new ArrayList<>(List.of(x));
    List<NDArray> noises = new ArrayList<>();
    List<NDArray> logProbs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int j = r + i;
      float t = GRID.t(j);
      float sigma = FlowStep.sigma(SDE, t);
      NDArray v = field.velocity(x, m.full(new Shape(G), t), null).stopGradient();
      NDArray mean = FlowStep.sdeMean(x, v, t, GRID.dt(j), sigma, true);
      NDArray noise = m.create(gaussian(random, G * 12)).reshape(G, 3, 2, 2);
      x = FlowStep.sdeSample(mean, sigma, GRID.dt(j), noise).stopGradient();
      logProbs.add(FlowStep.logProb(x, mean, sigma, GRID.dt(j)).stopGradient());
      states.add(x);
      noises.add(noise);
    }
    return new WindowInputs(null, NDArrays.stack(new NDList(states), 1),
        NDArrays.stack(new NDList(noises), 1), NDArrays.stack(new NDList(logProbs), 1),
        m.create(advantages), r, GRID, SDE);
  }

  private static float[] gaussian(Random random, int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  @Test
  void onPolicyRatioIsOneAndNothingIsClipped() {
    try (NDManager m = NDManager.newBaseManager()) {
      PerCallField field = new PerCallField(m, 2 * K, 0.3f);
      WindowInputs w = sampleWindow(m, new SharedWeight(field.weights.get(0)), 1, K,
          new float[] {1, -1, 0.5f, -0.5f});
      for (boolean dense : new boolean[] {true, false}) {
        VelocityField policy = new SharedWeight(field.weights.get(0));
        LossTerms terms = dense
            ? GrpoObjectives.dense(policy, null, w, 1e-4f, 0f)
            : GrpoObjectives.perStep(policy, null, w, 1e-4f, 0f);
        for (float lr : terms.logRatios().toFloatArray()) {
          assertThat(Math.abs(lr)).isLessThan(1e-5f);
          assertThat(Math.abs(Math.exp(lr) - 1)).isLessThanOrEqualTo(1e-4);
        }
      }
    }
  }

  @Test
  void denseGradientReachesEveryVelocityCallOfTheWindow() {
    try (NDManager m = NDManager.newBaseManager()) {
      PerCallField sampler = new PerCallField(m, K, 0.3f);
      WindowInputs w = sampleWindow(m, sampler, 1, K, new float[] {1, -1, 0.5f, -0.5f});
      // A slightly different policy, so ratios move and the surrogate is not flat.
      PerCallField policy = new PerCallField(m, K, 0.35f);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms terms = GrpoObjectives.dense(policy, null, w, 10f, 0f);
        gc.backward(terms.loss());
      }
      for (int i = 0; i < K; i++) {
        try (NDArray grad = policy.weights.get(i).getGradient()) {
          assertThat(Math.abs(grad.getFloat())).as("gradient of call %d", i).isGreaterThan(1e-8f);
        }
      }
    }
  }

  @Test
  void laterDenseStepsReachEarlierCallsButPerStepTermsDoNot() {
    try (NDManager m = NDManager.newBaseManager()) {
      PerCallField sampler = new PerCallField(m, K, 0.3f);
      WindowInputs w = sampleWindow(m, sampler, 1, K, new float[] {1, -1, 0.5f, -0.5f});
      // Only the last step's log-ratio: in Dense GRPO it depends on the first call through x̃.
      WindowInputs lastOnlyDense = w;
      PerCallField dense = new PerCallField(m, K, 0.35f);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray lastLogProb = denseLastStepLogProb(dense, lastOnlyDense);
        gc.backward(lastLogProb.sum());
      }
      try (NDArray grad = dense.weights.get(0).getGradient()) {
        assertThat(Math.abs(grad.getFloat())).isGreaterThan(1e-8f);
      }
      PerCallField perStep = new PerCallField(m, K, 0.35f);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms terms = GrpoObjectives.perStep(perStep, null, w, 10f, 0f);
        // The last column of log-ratios: per-step states are detached, so only call K−1 counts.
        gc.backward(terms.logRatios().get(":,{}", K - 1).sum());
      }
      for (int i = 0; i < K - 1; i++) {
        try (NDArray grad = perStep.weights.get(i).getGradient()) {
          assertThat(grad.getFloat()).as("call %d", i).isEqualTo(0f);
        }
      }
      try (NDArray grad = perStep.weights.get(K - 1).getGradient()) {
        assertThat(Math.abs(grad.getFloat())).isGreaterThan(1e-8f);
      }
    }
  }

  /** The Dense recursion up to the last step, returning only that step's log-prob. */
  private static NDArray denseLastStepLogProb(VelocityField field, WindowInputs w) {
    NDArray x = w.states().get(":,0");
    NDArray last = null;
    for (int i = 0; i < w.windowLength(); i++) {
      int j = w.windowStart() + i;
      float t = GRID.t(j);
      float sigma = FlowStep.sigma(SDE, t);
      NDArray v = field.velocity(x.stopGradient(), x.getManager().full(new Shape(G), t), null);
      NDArray mean = FlowStep.sdeMean(x, v, t, GRID.dt(j), sigma, true);
      last = FlowStep.logProb(w.states().get(":,{}", i + 1), mean, sigma, GRID.dt(j));
      x = FlowStep.sdeSample(mean, sigma, GRID.dt(j), w.noises().get(":,{}", i));
    }
    return last;
  }

  @Test
  void handComputedTwoStepExampleMatches() {
    // One sample, one element, constant velocity v = c (a parameter), two steps from r = 0 on a
    // 2-step grid t = {1, 0.5, 0}; behaviour log-probs from c_old.
    TimeGrid grid = TimeGrid.uniform(2);
    SdeSettings sde = SdeSettings.defaults();
    double cOld = 0.2;
    double cNew = 0.25;
    double x0 = 0.8;
    double[] eps = {0.3, -1.1};
    double advantage = 1.5;
    double clip = 0.2;
    double[] xs = new double[3];
    double[] oldLp = new double[2];
    xs[0] = x0;
    for (int j = 0; j < 2; j++) {
      double mean = handMean(grid, sde, j, xs[j], cOld);
      double std = FlowStep.stdDev(FlowStep.sigma(sde, grid.t(j)), grid.dt(j));
      xs[j + 1] = mean + std * eps[j];
      oldLp[j] = handLogProb(xs[j + 1], mean, std);
    }
    // Dense: recompute from x0 with c_new, x̃ follows the stored noises.
    double xTilde = x0;
    double logRatio = 0;
    for (int j = 0; j < 2; j++) {
      double mean = handMean(grid, sde, j, xTilde, cNew);
      double std = FlowStep.stdDev(FlowStep.sigma(sde, grid.t(j)), grid.dt(j));
      logRatio += handLogProb(xs[j + 1], mean, std) - oldLp[j];
      xTilde = mean + std * eps[j];
    }
    double ratio = Math.exp(logRatio);
    double expectedLoss = -Math.min(ratio * advantage,
        Math.max(1 - clip, Math.min(1 + clip, ratio)) * advantage);

    try (NDManager m = NDManager.newBaseManager()) {
      float[] states = {(float) xs[0], (float) xs[1], (float) xs[2]};
      WindowInputs w = new WindowInputs(null, m.create(states).reshape(1, 3, 1),
          m.create(new float[] {(float) eps[0], (float) eps[1]}).reshape(1, 2, 1),
          m.create(new float[] {(float) oldLp[0], (float) oldLp[1]}).reshape(1, 2),
          m.create(new float[] {(float) advantage}), 0, grid, sde);
      NDArray c = m.create((float) cNew);
      VelocityField constant = (x, t, cond) -> x.zerosLike().add(c);
      LossTerms terms = GrpoObjectives.dense(constant, null, w, (float) clip, 0f);
      assertThat(terms.logRatios().toFloatArray()[0]).isCloseTo((float) logRatio, within(1e-5f));
      assertThat(terms.loss().getFloat()).isCloseTo((float) expectedLoss, within(1e-5f));
    }
  }

  private static double handMean(TimeGrid grid, SdeSettings sde, int j, double x, double v) {
    double t = grid.t(j);
    double dt = grid.dt(j);
    double s2 = Math.pow(FlowStep.sigma(sde, grid.t(j)), 2);
    return x * (1 + s2 * dt / (2 * t)) + v * (1 + s2 * (1 - t) / (2 * t)) * dt;
  }

  private static double handLogProb(double x, double mean, double std) {
    return -(x - mean) * (x - mean) / (2 * std * std) - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
  }

  @Test
  void clippedSurrogateTakesThePessimisticBranch() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logRatio = m.create(new float[] {(float) Math.log(1.5), (float) Math.log(0.5)});
      NDArray adv = m.create(new float[] {1f, 1f});
      // ratio 1.5 with A>0 is clipped to 1.2; ratio 0.5 with A>0 keeps 0.5 (the min).
      float loss = GrpoObjectives.clippedSurrogate(logRatio, adv, 0.2f).getFloat();
      assertThat(loss).isCloseTo(-(1.2f + 0.5f) / 2, within(1e-6f));
    }
  }

  /** Every call uses the same weight (a plain linear field). */
  private record SharedWeight(NDArray w) implements VelocityField {
    @Override
    public NDArray velocity(NDArray xt, NDArray t, Conditioning c) {
      return xt.mul(w).add(0.1f);
    }
  }
}
