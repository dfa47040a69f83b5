package org.editrl.learner.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.learner.advantage.Advantages;
import org.editrl.learner.advantage.GroupSpread;
import org.editrl.learner.advantage.Moments;
import org.editrl.model.Conditioning;
import org.editrl.model.EditPolicy;
import org.editrl.model.Scalars;
import org.editrl.model.VelocityField;
import org.editrl.model.train.AdamW;
import org.editrl.model.train.GradientClipping;
import org.editrl.model.train.Gradients;
import org.editrl.model.train.WarmupCosineSchedule;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.Vocabulary;

/**
 * Turns batches of scored groups into adapter updates. One {@link #update} is one optimiser step:
 * advantages over the batch, then per inner epoch the gradient of every group's loss is
 * accumulated (one group at a time, so memory stays at one group), clipped to the global norm and
 * applied by AdamW at the scheduled learning rate. The base stays frozen.
 */
public final class GrpoLearner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GrpoLearner.class);
  private final EditPolicy policy;
  private final GrpoSettings settings;
  private final List<NDArray> trainable;
  private final AdamW optimizer;
  private final WarmupCosineSchedule schedule;
  private final FlopCounter flops;
  private volatile long step;
  private long nonFiniteSteps;

  /**
   * @param policy the policy whose adapter trains (the caller keeps ownership)
   * @param totalSteps the run's planned optimiser steps (for the schedule)
   */
  public GrpoLearner(EditPolicy policy, GrpoSettings settings, long totalSteps) {
    this.policy = policy;
    this.settings = settings.validated();
    this.trainable = TrainableParameters.select(policy, settings.trainTokenFocus());
    policy.setTrainable(false, true);
    TrainableParameters.freezeUnselected(policy, trainable);
    this.optimizer = new AdamW(trainable, settings.learningRate(), 0.9f, 0.999f, 1e-8f,
        settings.weightDecay());
    this.schedule = new WarmupCosineSchedule(settings.learningRate(), totalSteps,
        settings.warmupFraction(), 0f);
    this.flops = new FlopCounter(policy.config());
  }

  public long step() {
    return step;
  }

  /** The adapter version the next sampled groups should carry. */
  public long policyVersion() {
    return step;
  }

  /** Inner steps skipped because the gradient was not finite. */
  public long nonFiniteSteps() {
    return nonFiniteSteps;
  }

  public GrpoSettings settings() {
    return settings;
  }

  public FlopCounter flops() {
    return flops;
  }

  public List<NamedTensor> adapterTensors() {
    return policy.adapterTensors();
  }

  public List<NamedTensor> optimizerState() {
    return optimizer.state();
  }

  /** Restores a checkpointed learner: adapter weights, AdamW moments and the step counter. */
  public void restore(List<NamedTensor> adapter, List<NamedTensor> optimizerState, long atStep) {
    policy.loadAdapter(adapter);
    optimizer.loadState(optimizerState);
    this.step = atStep;
  }

  /** One optimiser step over a batch of groups. */
  public UpdateStats update(List<TrainingGroup> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("cannot update on an empty batch");
    }
    double[][] rewards = new double[batch.size()][];
    for (int b = 0; b < batch.size(); b++) {
      rewards[b] = batch.get(b).rewards();
    }
    double[][] advantages = Advantages.compute(rewards, settings.advantageMode());
    RatioStats all = new RatioStats(settings.clipRange());
    RatioStats first = new RatioStats(settings.clipRange());
    double lossSum = 0;
    double klSum = 0;
    double gradNorm = 0;
    float lr = schedule.lr(step);
    for (int epoch = 0; epoch < settings.innerEpochs(); epoch++) {
      zeroGradients();
      for (int b = 0; b < batch.size(); b++) {
        GroupLoss gl = groupLoss(batch.get(b), advantages[b], batch.size());
        lossSum += gl.loss;
        klSum += gl.kl;
        all.addAll(gl.logRatios);
        if (epoch == 0) {
          first.addAll(gl.logRatios);
        }
      }
      gradNorm = GradientClipping.clipGlobalNorm(trainable, settings.maxGradNorm());
      if (Double.isFinite(gradNorm)) {
        optimizer.step(lr);
      } else {
        // One bad batch must not poison the adapter and AdamW's moments: skip it, and count it.
        nonFiniteSteps++;
        LOG.warn("step {}: gradient norm is {}, update skipped", step, gradNorm);
      }
    }
    zeroGradients();
    step++;
    int passes = settings.innerEpochs() * batch.size();
    Moments adv = Moments.of(advantages);
    Moments rew = Moments.of(rewards);
    return new UpdateStats(step, lossSum / passes, all.clipFraction(), all.approxKl(),
        all.mean(), all.maxAbs(), first.maxAbs(), first.clipFraction(), klSum / passes,
        gradNorm, lr, adv.mean(), adv.std(), rew.mean(), GroupSpread.of(rewards));
  }

  private GroupLoss groupLoss(TrainingGroup group, double[] advantages, int batchSize) {
    try (NDManager m = NDManager.newBaseManager()) {
      WindowInputs w = inputs(m, group, advantages);
      VelocityField counted = flops.counting(policy, true);
      VelocityField base = settings.klBeta() > 0 ? flops.counting(frozenBase(), false) : null;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LossTerms terms = settings.objective() == Objective.DENSE
            ? GrpoObjectives.dense(counted, base, w, settings.clipRange(), settings.klBeta())
            : GrpoObjectives.perStep(counted, base, w, settings.clipRange(), settings.klBeta());
        // Accumulated over the batch: each group contributes its mean loss / B.
        gc.backward(Scalars.dividedBy(terms.loss(), batchSize));
        return new GroupLoss(terms.loss().getFloat(), terms.kl().getFloat(),
            terms.logRatios().stopGradient().toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .toFloatArray());
      }
    }
  }

  private WindowInputs inputs(NDManager m, TrainingGroup group, double[] advantages) {
    WindowedTrajectory tr = group.trajectory();
    int g = advantages.length;
    Conditioning c = TaskTensors.conditioning(m, Collections.nCopies(g, group.task()),
        text -> Vocabulary.world().encode(text, policy.config().maxTokens()), false);
    float[] adv = new float[g];
    for (int i = 0; i < g; i++) {
      adv[i] = (float) advantages[i];
    }
    return new WindowInputs(c, copyInto(m, tr.states()), copyInto(m, tr.noises()),
        copyInto(m, tr.logProbs()), m.create(adv), tr.windowStart(), tr.grid(), tr.sde());
  }

  /** A copy owned by {@code m}, so every view and result derived from it is freed with m. */
  private static NDArray copyInto(NDManager m, NDArray array) {
    NDArray copy = array.duplicate();
    copy.attach(m);
    return copy;
  }

  /** The policy with its adapter switched off: the frozen base for the KL term. */
  private VelocityField frozenBase() {
    return (x, t, c) -> {
      policy.setAdapterEnabled(false);
      try {
        return policy.velocity(x, t, c);
      } finally {
        policy.setAdapterEnabled(true);
      }
    };
  }

  private void zeroGradients() {
    Gradients.zero(trainable);
  }

  private record GroupLoss(double loss, double kl, float[] logRatios) {}

  /** Running statistics of log-ratios. */
  private static final class RatioStats {
    private final double clipRange;
    private long n;
    private long clipped;
    private double sum;
    private double maxAbs;
    private double approxKl;

    RatioStats(double clipRange) {
      this.clipRange = clipRange;
    }

    void addAll(float[] logRatios) {
      for (float lr : logRatios) {
        double ratio = Math.exp(lr);
        n++;
        sum += lr;
        maxAbs = Math.max(maxAbs, Math.abs(lr));
        approxKl += (ratio - 1) - lr;
        if (Math.abs(ratio - 1) > clipRange) {
          clipped++;
        }
      }
    }

    double clipFraction() {
      return n == 0 ? 0 : (double) clipped / n;
    }

    double mean() {
      return n == 0 ? 0 : sum / n;
    }

    double maxAbs() {
      return maxAbs;
    }

    double approxKl() {
      return n == 0 ? 0 : approxKl / n;
    }
  }
}
