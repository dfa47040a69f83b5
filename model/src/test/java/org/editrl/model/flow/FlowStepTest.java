package org.editrl.model.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the step maths against the formulas recomputed independently in plain Java doubles. */
class FlowStepTest {
  private static final Shape SHAPE = new Shape(3, 2, 4, 5); // B=3, C=2, 4×5
  private static final int PER_SAMPLE = 2 * 4 * 5;

  private static float[] gaussian(Random r, int n, double scale) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (r.nextGaussian() * scale);
    }
    return out;
  }

  @Test
  void sigmaFollowsTheFormulaAndIsClampedNearOne() {
    SdeSettings s = SdeSettings.defaults();
    assertThat(FlowStep.sigma(s, 0.5f)).isCloseTo(0.7f, within(1e-6f));
    assertThat(FlowStep.sigma(s, 0.2f)).isCloseTo((float) (0.7 * Math.sqrt(0.25)), within(1e-6f));
    float atClamp = (float) (0.7 * Math.sqrt(0.9 / 0.1));
    assertThat(FlowStep.sigma(s, 1f)).isCloseTo(atClamp, within(1e-5f));
    assertThat(FlowStep.sigma(s, 0.95f)).isEqualTo(FlowStep.sigma(s, 1f));
    assertThat(FlowStep.sigma(s.withNoiseLevel(0f), 0.5f)).isZero();
  }

  @Test
  void blockLogProbIsTheDensityOfTheBlockMeans() {
    Shape shape = new Shape(2, 3, 4, 6); // B=2, C=3, 4×6 in 2×2 blocks: 3·2·3 = 18 blocks
    int block = 2;
    Random r = new Random(11);
    float[] x = gaussian(r, (int) shape.size(), 1.1);
    float[] mu = gaussian(r, (int) shape.size(), 0.7);
    float sigma = 0.6f;
    float dt = -0.1f;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray xs = m.create(x, shape);
      NDArray mus = m.create(mu, shape);
      float[] lp = FlowStep.logProb(xs, mus, sigma, dt, block).toFloatArray();
      double var = (double) sigma * sigma * Math.abs(dt);
      for (int b = 0; b < 2; b++) {
        double sum = 0;
        int blocks = 0;
        for (int c = 0; c < 3; c++) {
          for (int by = 0; by < 4; by += block) {
            for (int bx = 0; bx < 6; bx += block) {
              double d = 0;
              for (int y = by; y < by + block; y++) {
                for (int xx = bx; xx < bx + block; xx++) {
                  int i = ((b * 3 + c) * 4 + y) * 6 + xx;
                  d += (x[i] - mu[i]) / (block * block);
                }
              }
              sum += Math.log(Math.exp(-d * d / (2 * var)) / Math.sqrt(2 * Math.PI * var));
              blocks++;
            }
          }
        }
        assertThat(blocks).isEqualTo(18);
        assertThat((double) lp[b]).isCloseTo(sum / blocks, within(1e-5 * Math.max(1, Math.abs(sum / blocks))));
      }
      // block 1 is the per-pixel density
      assertThat(FlowStep.logProb(xs, mus, sigma, dt, 1).toFloatArray())
          .isEqualTo(FlowStep.logProb(xs, mus, sigma, dt).toFloatArray());
      // the blocks must tile the image
      assertThatThrownBy(() -> FlowStep.logProb(xs, mus, sigma, dt, 4))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisible");
    }
  }

  @Test
  void logProbEqualsTheClosedFormGaussianDensity() {
    Random r = new Random(7);
    float[] x = gaussian(r, (int) SHAPE.size(), 1.3);
    float[] mu = gaussian(r, (int) SHAPE.size(), 0.8);
    float sigma = 0.45f;
    float dt = -0.1f;
    try (NDManager m = NDManager.newBaseManager()) {
      float[] lp = FlowStep.logProb(m.create(x, SHAPE), m.create(mu, SHAPE), sigma, dt).toFloatArray();
      assertThat(lp).hasSize(3);
      double var = (double) sigma * sigma * Math.abs(dt);
      for (int b = 0; b < 3; b++) {
        double sum = 0;
        for (int i = b * PER_SAMPLE; i < (b + 1) * PER_SAMPLE; i++) {
          double d = x[i] - mu[i];
          // log of the normal density, written as log(pdf) rather than term by term
          sum += Math.log(Math.exp(-d * d / (2 * var)) / Math.sqrt(2 * Math.PI * var));
        }
        assertThat((double) lp[b]).isCloseTo(sum / PER_SAMPLE, within(1e-5 * Math.max(1, Math.abs(sum / PER_SAMPLE))));
      }
    }
  }

  @Test
  void sdeMeanMatchesTheFlowGrpoFormulaAndFallsBackToEulerWithoutCorrection() {
    Random r = new Random(11);
    float[] x = gaussian(r, (int) SHAPE.size(), 1);
    float[] v = gaussian(r, (int) SHAPE.size(), 1);
    float t = 0.7f;
    float dt = -0.1f;
    SdeSettings s = SdeSettings.defaults();
    float sigma = FlowStep.sigma(s, t);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray xa = m.create(x, SHAPE);
      NDArray va = m.create(v, SHAPE);
      float[] corrected = FlowStep.sdeMean(xa, va, t, dt, sigma, true).toFloatArray();
      float[] plain = FlowStep.sdeMean(xa, va, t, dt, sigma, false).toFloatArray();
      float[] ode = FlowStep.odeStep(xa, va, dt).toFloatArray();
      double s2 = (double) sigma * sigma;
      for (int i = 0; i < x.length; i++) {
        double expected = x[i] * (1 + s2 * dt / (2 * t)) + v[i] * (1 + s2 * (1 - t) / (2 * t)) * dt;
        assertThat((double) corrected[i]).isCloseTo(expected, within(1e-5));
        assertThat((double) plain[i]).isCloseTo(x[i] + (double) v[i] * dt, within(1e-6));
        assertThat(ode[i]).isEqualTo(plain[i]);
      }
      // The correction matters: the two means differ.
      assertThat(corrected).isNotEqualTo(plain);
    }
  }

  @Test
  void logProbOfASampleDependsOnlyOnItsNoise() {
    Random r = new Random(3);
    float[] mu = gaussian(r, (int) SHAPE.size(), 1);
    float[] eps = gaussian(r, (int) SHAPE.size(), 1);
    float sigma = 1.2f;
    float dt = -0.25f;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mean = m.create(mu, SHAPE);
      NDArray next = FlowStep.sdeSample(mean, sigma, dt, m.create(eps, SHAPE));
      float[] sample = next.toFloatArray();
      double std = sigma * Math.sqrt(0.25);
      assertThat((double) sample[5]).isCloseTo(mu[5] + std * eps[5], within(1e-5));
      float[] lp = FlowStep.logProb(next, mean, sigma, dt).toFloatArray();
      for (int b = 0; b < 3; b++) {
        double sq = 0;
        for (int i = b * PER_SAMPLE; i < (b + 1) * PER_SAMPLE; i++) {
          sq += (double) eps[i] * eps[i];
        }
        double expected = -0.5 * sq / PER_SAMPLE - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
        assertThat((double) lp[b]).isCloseTo(expected, within(1e-5));
      }
    }
  }

  @Test
  void sdeMeanApproachesTheOdeStepAsTheNoiseLevelVanishes() {
    Random r = new Random(5);
    float[] x = gaussian(r, (int) SHAPE.size(), 1);
    float[] v = gaussian(r, (int) SHAPE.size(), 1);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray xa = m.create(x, SHAPE);
      NDArray va = m.create(v, SHAPE);
      NDArray ode = FlowStep.odeStep(xa, va, -0.2f);
      double previous = Double.MAX_VALUE;
      for (float a : new float[] {0.7f, 0.1f, 1e-2f, 1e-3f}) {
        float sigma = FlowStep.sigma(SdeSettings.defaults().withNoiseLevel(a), 0.6f);
        NDArray mean = FlowStep.sdeMean(xa, va, 0.6f, -0.2f, sigma, true);
        double gap = mean.sub(ode).abs().max().getFloat();
        assertThat(gap).isLessThan(previous);
        previous = gap;
      }
      assertThat(previous).isLessThan(1e-5);
    }
  }

  @Test
  void logProbIsDifferentiableWithTheAnalyticGradient() {
    Random r = new Random(9);
    float[] x = gaussian(r, (int) SHAPE.size(), 1);
    float[] mu = gaussian(r, (int) SHAPE.size(), 1);
    float sigma = 0.6f;
    float dt = -0.1f;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mean = m.create(mu, SHAPE);
      mean.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray lp = FlowStep.logProb(m.create(x, SHAPE), mean, sigma, dt);
        gc.backward(lp.sum());
      }
      float[] grad = mean.getGradient().toFloatArray();
      double var = (double) sigma * sigma * Math.abs(dt);
      for (int i = 0; i < x.length; i++) {
        // d/dμ of −(x−μ)²/(2 var) averaged over the sample's elements
        assertThat((double) grad[i]).isCloseTo((x[i] - mu[i]) / var / PER_SAMPLE, within(1e-4));
      }
    }
  }

  @Test
  void refusesDegenerateInputs() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.zeros(SHAPE);
      assertThatThrownBy(() -> FlowStep.logProb(a, a, 0f, -0.1f)).hasMessageContaining("> 0");
      assertThatThrownBy(() -> FlowStep.sdeMean(a, a, 0f, -0.1f, 1f, true)).hasMessageContaining("t > 0");
    }
    assertThatThrownBy(() -> new SdeSettings(0.7f, true, 1f)).hasMessageContaining("clamp");
    assertThatThrownBy(() -> new SdeSettings(-1f, true, 0.9f)).hasMessageContaining("noise level");
  }
}
