package org.editrl.learner.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.editrl.core.JsonLines;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.model.EditPolicy;
import org.editrl.model.train.AdamW;
import org.editrl.model.train.GradientClipping;
import org.editrl.model.train.WarmupCosineSchedule;

/**
 * Flow-matching pretraining of the base (DESIGN.md "Maths", residual parameterisation): for
 * clean targets {@code x0}, noise ε and {@code t ~ U(0,1)}, {@code x_t = (1−t)·x0 + t·ε}; the
 * loss is {@code mean((1 + w·mask)·(x̂0(x_t, t, c) − x0)²)} (w = {@code editWeight} up-weights the
 * edit region, where all the work is), which for the implied velocity
 * {@code v̂ = (x_t − x̂0)/t} is the velocity loss weighted by t² (stable near t = 0, where the
 * velocity form explodes). The adapter stays fresh (disabled), so the base is what is trained.
 */
public final class Pretrainer {
  /** One logged step. */
  public record StepLog(long step, double loss, double gradNorm, float lr, boolean captionOnly,
      double samplesPerSecond, long skippedSteps) {
    public ObjectNode toJson() {
      ObjectNode o = JsonLines.MAPPER.createObjectNode();
      o.put("event", "pretrain");
      o.put("step", step);
      o.put("loss", loss);
      o.put("gradNorm", gradNorm);
      o.put("lr", lr);
      o.put("captionOnly", captionOnly);
      o.put("samplesPerSecond", samplesPerSecond);
      o.put("skippedSteps", skippedSteps);
      return o;
    }
  }

  private final PretrainSettings settings;
  private final PairBatches batches;

  public Pretrainer(PretrainSettings settings, PairBatches batches) {
    this.settings = settings;
    this.batches = batches;
  }

  /**
   * Trains {@code policy}'s base in place.
   *
   * @param onStep called after every step (progress)
   * @param onLog called every {@code logEvery} steps and at the last one
   */
  public void train(EditPolicy policy, Consumer<Long> onStep, Consumer<StepLog> onLog) {
    train(policy, onStep, onLog, message -> {});
  }

  /** Same, reporting each skipped (non-finite) step to {@code onSkip}. */
  public void train(EditPolicy policy, Consumer<Long> onStep, Consumer<StepLog> onLog,
      Consumer<String> onSkip) {
    policy.setAdapterEnabled(false);
    policy.setTrainable(true, false);
    List<NDArray> params = policy.baseParameters();
    AdamW adam = new AdamW(params, settings.peakLr(), 0.9f, 0.999f, 1e-8f, settings.weightDecay());
    WarmupCosineSchedule schedule = new WarmupCosineSchedule(settings.peakLr(), settings.steps(),
        settings.warmupFraction(), settings.minLr());
    long skipped = 0;
    double lossSum = 0;
    int lossCount = 0;
    long windowStart = System.nanoTime();
    int windowSamples = 0;
    try {
      for (long step = 0; step < settings.steps(); step++) {
        boolean caption;
        double gradNorm;
        try (NDManager m = policy.manager().newSubManager()) {
          PairBatches.Batch batch = batches.batch(m, step);
          caption = batch.captionOnly();
          NDArray x0 = batch.x0();
          Shape shape = x0.getShape();
          int b = (int) shape.get(0);
          Random rng = new Random(Seeds.derive(settings.seed(), "pretrain-noise", step));
          float[] noise = new float[(int) shape.size()];
          for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
          }
          float[] times = new float[b];
          for (int i = 0; i < b; i++) {
            times[i] = 1e-3f + (1 - 1e-3f) * rng.nextFloat();
          }
          NDArray t = m.create(times);
          NDArray tb = t.reshape(b, 1, 1, 1);
          NDArray xt = x0.mul(tb.neg().add(1f)).add(m.create(noise, shape).mul(tb));
          Conditioning c = batch.conditioning();
          NDArray loss;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray weights = batch.editMask().mul(settings.editWeight()).add(1f);
            loss = policy.predictX0(xt, t, c).sub(x0).square().mul(weights).mean();
            gc.backward(loss);
          }
          gradNorm = GradientClipping.clipGlobalNorm(params, settings.maxGradNorm());
          float lossValue = loss.getFloat();
          if (Float.isFinite(lossValue) && Double.isFinite(gradNorm)) {
            adam.step(schedule.lr(step));
            lossSum += lossValue;
            lossCount++;
          } else {
            // one non-finite gradient would poison every weight through Adam's moments
            onSkip.accept("step " + (step + 1) + ": loss " + lossValue + ", gradient norm " + gradNorm
                + "; non-finite gradients in " + nonFinite(params, policy.baseParameterNames()));
            adam.zeroGradients();
            skipped++;
          }
          windowSamples += b;
        }
        onStep.accept(step + 1);
        if ((step + 1) % settings.logEvery() == 0 || step + 1 == settings.steps()) {
          requireFinite(params, policy.baseParameterNames(), step + 1);
          double seconds = (System.nanoTime() - windowStart) / 1e9;
          onLog.accept(new StepLog(step + 1, lossCount == 0 ? Double.NaN : lossSum / lossCount,
              gradNorm, schedule.lr(step), caption, windowSamples / seconds, skipped));
          lossSum = 0;
          lossCount = 0;
          windowSamples = 0;
          windowStart = System.nanoTime();
        }
      }
    } finally {
      policy.setTrainable(false, false);
      policy.setAdapterEnabled(true);
    }
  }

  /** Fails loudly rather than writing a checkpoint of NaNs. */
  private static void requireFinite(List<NDArray> params, List<String> names, long step) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        if (p.isNaN().logicalOr(p.isInfinite()).any().getBoolean()) {
          throw new IllegalStateException("parameter " + names.get(i) + " is not finite after step "
              + step + " (lower the learning rate)");
        }
      }
    }
  }

  private static List<String> nonFinite(List<NDArray> params, List<String> names) {
    List<String> out = new java.util.ArrayList<>();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < params.size(); i++) {
        NDArray g = org.editrl.model.train.Gradients.of(params.get(i));
        if (g != null && g.isNaN().logicalOr(g.isInfinite()).any().getBoolean()) {
          out.add(names.get(i));
        }
      }
    }
    return out;
  }
}
