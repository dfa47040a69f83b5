package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;

/**
 * Samples edits from a velocity field on a fixed time grid: Euler ODE, Euler–Maruyama SDE at every
 * step, or the windowed SDE of GRPO (SDE for steps {@code j ∈ [r, r+k)}, ODE elsewhere).
 *
 * <p>Randomness: sample {@code i} of a call with seed {@code s} has its own seed
 * {@code n_i = Seeds.derive(s, "sample", i)}; its initial noise comes from
 * {@code Seeds.derive(n_i, "initial")} and the SDE noise of step {@code j} from
 * {@code Seeds.derive(n_i, "sde", j)}. A sample is therefore fixed by its seed alone, and the
 * noise of an SDE step does not depend on where the window lies. A group sampled with
 * {@link InitialNoise#SHARED} starts every edit from {@code Seeds.derive(s, "shared-initial")}
 * instead; its SDE noises stay per sample. Such a group walks the ODE path up to the window
 * once, at batch 1, and branches into G edits at {@code x_r}.
 *
 * <p>Memory: each step runs in its own sub-manager (the conditioning arrays are lent to it with
 * {@code tempAttach}), so the network's intermediates and the previous state are freed as the walk
 * goes; results are attached to the caller's manager. Intermediates a field creates in a manager
 * of its own (e.g. an op whose first operand is a parameter) are the field's to free.
 * Runs without gradient (call it outside any {@code GradientCollector}). The sampler holds no
 * mutable state and never re-homes the caller's arrays, so concurrent calls are safe when the
 * velocity field's are.
 */
public final class GroupSampler {
  private final VelocityField policy;
  private final TimeGrid grid;
  private final SdeSettings sde;
  private final Shape imageShape;
  private final InitialNoise initialNoise;

  /** A sampler whose groups start each edit from its own initial noise. */
  public GroupSampler(VelocityField policy, TimeGrid grid, SdeSettings sde) {
    this(policy, grid, sde, null, InitialNoise.PER_SAMPLE);
  }

  private GroupSampler(VelocityField policy, TimeGrid grid, SdeSettings sde, Shape imageShape,
      InitialNoise initialNoise) {
    this.policy = policy;
    this.grid = grid;
    this.sde = sde;
    this.imageShape = imageShape;
    this.initialNoise = initialNoise;
  }

  /** The same sampler with groups (not batches) started as {@code noise} says. */
  public GroupSampler withInitialNoise(InitialNoise noise) {
    return new GroupSampler(policy, grid, sde, imageShape, noise);
  }

  /**
   * The same sampler with an explicit per-sample image shape {@code [3,H,W]}; needed only in
   * caption-only mode, where the conditioning has no source image to take it from.
   */
  public GroupSampler withImageShape(int channels, int height, int width) {
    return new GroupSampler(policy, grid, sde, new Shape(channels, height, width), initialNoise);
  }

  public TimeGrid grid() {
    return grid;
  }

  public SdeSettings sde() {
    return sde;
  }

  /** Seed of sample {@code index} of a call made with {@code seed}. */
  public static long sampleSeed(long seed, int index) {
    return Seeds.derive(seed, "sample", index);
  }

  /**
   * Single-sample network evaluations it takes to sample one group (for FLOP counts): a
   * shared-start group walks its ODE path up to the window once, every other group G times.
   */
  public static long forwardSamples(InitialNoise initialNoise, int groupSize, int steps,
      int windowStart) {
    return initialNoise == InitialNoise.SHARED
        ? windowStart + (long) groupSize * (steps - windowStart)
        : (long) groupSize * steps;
  }

  /**
   * G edits of one task with SDE steps inside {@code [windowStart, windowStart+windowLength)}.
   *
   * @param c conditioning of batch 1, broadcast to the group
   */
  public WindowedTrajectory sampleGroup(
      NDManager m, Conditioning c, int groupSize, int windowStart, int windowLength, long seed) {
    return group(m, c, groupSize, windowStart, windowLength, seed, false).trajectory();
  }

  /**
   * A sampled group together with the velocities {@code v_j} and SDE means {@code μ_j} of its
   * window steps, both {@code [G,k,3,H,W]} (for traces that re-check the maths).
   */
  public record TracedGroup(WindowedTrajectory trajectory, NDArray velocities, NDArray means) {}

  /** {@link #sampleGroup} that also keeps the window's velocities and means. */
  public TracedGroup sampleGroupTraced(
      NDManager m, Conditioning c, int groupSize, int windowStart, int windowLength, long seed) {
    return group(m, c, groupSize, windowStart, windowLength, seed, true);
  }

  private TracedGroup group(
      NDManager m, Conditioning c, int groupSize, int windowStart, int windowLength, long seed,
      boolean traced) {
    if (groupSize < 1) {
      throw new IllegalArgumentException("group size must be >= 1, got " + groupSize);
    }
    if (windowLength < 1 || windowStart < 0 || windowStart + windowLength > grid.steps()) {
      throw new IllegalArgumentException(
          "window " + windowStart + ":" + windowLength + " does not fit " + grid.steps() + " steps");
    }
    checkBatch(c, 1);
    long[] seeds = seeds(seed, groupSize);
    boolean shared = initialNoise == InitialNoise.SHARED;
    try (NDManager work = m.newSubManager()) {
      Conditioning group = broadcast(work, c, groupSize);
      NDArray start = shared
          ? sharedPathTo(work, broadcast(work, c, 1), Seeds.derive(seed, "shared-initial"),
              windowStart)
              .repeat(0, groupSize)
          : GaussianNoise.batch(work, initialSeeds(seeds), perSampleShape(c));
      Walk walk = walk(work, group, seeds, start, shared ? windowStart : 0, grid.steps(),
          windowStart, windowStart + windowLength, true);
      WindowedTrajectory w =
          new WindowedTrajectory(
              windowStart,
              windowLength,
              grid,
              sde,
              keep(m, NDArrays.stack(new NDList(walk.states), 1)),
              keep(m, NDArrays.stack(new NDList(walk.noises), 1)),
              keep(m, NDArrays.stack(new NDList(walk.logProbs), 1)),
              keep(m, walk.x),
              seeds);
      if (!traced) {
        return new TracedGroup(w, null, null);
      }
      return new TracedGroup(
          w,
          keep(m, NDArrays.stack(new NDList(walk.velocities), 1)),
          keep(m, NDArrays.stack(new NDList(walk.means), 1)));
    }
  }

  /** Deterministic Euler sampling of a batch: final images {@code [B,3,H,W]} (not clamped). */
  public NDArray sampleOde(NDManager m, Conditioning c, long seed) {
    return sampleFinals(m, c, seed, 0, 0);
  }

  /** SDE at every step (per-step GRPO's sampler): final images {@code [B,3,H,W]}. */
  public NDArray sampleSde(NDManager m, Conditioning c, long seed) {
    return sampleFinals(m, c, seed, 0, grid.steps());
  }

  /** SDE inside {@code [from, to)}, ODE elsewhere, without keeping the window. */
  public NDArray sampleWindowed(NDManager m, Conditioning c, long seed, int from, int to) {
    return sampleFinals(m, c, seed, from, to);
  }

  private NDArray sampleFinals(NDManager m, Conditioning c, long seed, int sdeFrom, int sdeTo) {
    int batch = Math.toIntExact(batchOf(c));
    try (NDManager work = m.newSubManager()) {
      // A private copy: the walk lends its conditioning to each step (tempAttach), which must
      // never touch arrays a concurrent caller might be using.
      Conditioning own = broadcast(work, c, 1);
      long[] seeds = seeds(seed, batch);
      NDArray start = GaussianNoise.batch(work, initialSeeds(seeds), perSampleShape(own));
      return keep(m, walk(work, own, seeds, start, 0, grid.steps(), sdeFrom, sdeTo, false).x);
    }
  }

  /**
   * The ODE path of a shared-start group up to the window, walked once at batch 1: every edit of
   * the group is on it until {@code x_r}, so walking it G times would repeat the same work.
   *
   * @param one a private batch-1 copy of the conditioning (the walk lends it to each step)
   */
  private NDArray sharedPathTo(NDManager work, Conditioning one, long startSeed, int steps) {
    NDArray x = GaussianNoise.batch(work, new long[] {startSeed}, perSampleShape(one));
    // no SDE step before the window, so the walk's per-sample seeds are never drawn from
    return walk(work, one, new long[] {startSeed}, x, 0, steps, 0, 0, false).x;
  }

  /** What a walk leaves behind: the final state and, when recording, the window. */
  private static final class Walk {
    NDArray x;
    final List<NDArray> states = new ArrayList<>();
    final List<NDArray> noises = new ArrayList<>();
    final List<NDArray> velocities = new ArrayList<>();
    final List<NDArray> means = new ArrayList<>();
    final List<NDArray> logProbs = new ArrayList<>();
  }

  /**
   * Walks the grid from state {@code start} = {@code x_from} to {@code x_to}, SDE steps in
   * {@code [sdeFrom, sdeTo)}; every kept array lives in {@code work}, and {@code start} is consumed
   * (freed unless it is a recorded window state).
   */
  private Walk walk(NDManager work, Conditioning c, long[] seeds, NDArray start, int from, int to,
      int sdeFrom, int sdeTo, boolean record) {
    Shape perSample = perSampleShape(c);
    int batch = seeds.length;
    Walk walk = new Walk();
    walk.x = start;
    for (int j = from; j < to; j++) {
      boolean stochastic = j >= sdeFrom && j < sdeTo;
      try (NDManager step = work.newSubManager()) {
        NDArray x = walk.x;
        // x_j is freed with the step unless it is a recorded window state (x_{r+1} … x_{r+k}
        // are kept as they are made; x_r is kept explicitly below).
        boolean recordedState = record && j > sdeFrom && j <= sdeTo;
        if (!recordedState) {
          x.attach(step);
        }
        float tj = grid.t(j);
        float dt = grid.dt(j);
        // Ops whose first operand is a conditioning array put their result in that array's
        // manager: lend the conditioning to the step so such intermediates die with it too.
        c.tokens().tempAttach(step);
        if (c.source() != null) {
          c.source().tempAttach(step);
        }
        NDArray v = policy.velocity(x, step.full(new Shape(batch), tj), c);
        NDArray next;
        if (stochastic) {
          float sigma = FlowStep.sigma(sde, tj);
          NDArray mean = FlowStep.sdeMean(x, v, tj, dt, sigma, sde.driftCorrection());
          NDArray noise =
              GaussianNoise.blocks(step, stepSeeds(seeds, j), perSample, sde.noiseBlock());
          next = FlowStep.sdeSample(mean, sigma, dt, noise);
          if (record) {
            if (j == sdeFrom) {
              walk.states.add(keep(work, x));
            }
            walk.noises.add(keep(work, noise));
            walk.velocities.add(keep(work, v));
            walk.means.add(keep(work, mean));
            walk.logProbs.add(
                keep(work, FlowStep.logProb(next, mean, sigma, dt, sde.noiseBlock())));
            walk.states.add(next); // attached to work below
          }
        } else {
          next = FlowStep.odeStep(x, v, dt);
        }
        walk.x = keep(work, next);
      }
    }
    return walk;
  }

  private static long[] stepSeeds(long[] seeds, int step) {
    long[] out = new long[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      out[i] = Seeds.derive(seeds[i], "sde", step);
    }
    return out;
  }

  private static long[] initialSeeds(long[] sampleSeeds) {
    long[] out = new long[sampleSeeds.length];
    for (int i = 0; i < sampleSeeds.length; i++) {
      out[i] = Seeds.derive(sampleSeeds[i], "initial");
    }
    return out;
  }

  private static long[] seeds(long seed, int count) {
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = sampleSeed(seed, i);
    }
    return out;
  }

  private static NDArray keep(NDManager m, NDArray a) {
    a.attach(m);
    return a;
  }

  private Shape perSampleShape(Conditioning c) {
    if (c.source() != null) {
      Shape s = c.source().getShape();
      return s.slice(1);
    }
    if (imageShape == null) {
      throw new IllegalArgumentException(
          "caption-only conditioning has no source image: give the image shape with withImageShape");
    }
    return imageShape;
  }

  private static long batchOf(Conditioning c) {
    return c.tokens().getShape().get(0);
  }

  private static void checkBatch(Conditioning c, long expected) {
    if (batchOf(c) != expected || (c.source() != null && c.source().getShape().get(0) != expected)) {
      throw new IllegalArgumentException("expected conditioning of batch " + expected + ", got tokens "
          + c.tokens().getShape() + (c.source() == null ? "" : ", source " + c.source().getShape()));
    }
  }

  /** Conditioning with each sample repeated {@code n} times (a copy for n = 1), created in {@code m}. */
  static Conditioning broadcast(NDManager m, Conditioning c, int n) {
    NDArray tokens = keep(m, c.tokens().repeat(0, n));
    NDArray source = c.source() == null ? null : keep(m, c.source().repeat(0, n));
    return new Conditioning(source, tokens);
  }
}
