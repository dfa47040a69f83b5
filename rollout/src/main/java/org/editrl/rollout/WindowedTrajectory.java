package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.proto.TrajectoryGroup;
import org.editrl.proto.TrajectoryWindow;

/**
 * A group of G edits of one task sampled with SDE steps inside the window {@code [r, r+k)} and ODE
 * steps elsewhere: exactly what the learner needs to recompute the window's log-probs.
 * The arrays belong to the manager they were created in; the caller closes it.
 *
 * @param windowStart r
 * @param windowLength k (≥ 1)
 * @param grid the time grid the group was sampled on
 * @param sde the SDE settings of the window steps
 * @param states {@code [G,k+1,3,H,W]}: x_r … x_{r+k}
 * @param noises {@code [G,k,3,H,W]}: ε_r … ε_{r+k−1}, x_{j+1} = μ_j + σ_j·sqrt(|dt_j|)·ε_j
 * @param logProbs {@code [G,k]}: behaviour log p(x_{j+1} | x_j), mean over elements, nats
 * @param finals {@code [G,3,H,W]}: x_T after the ODE tail (not clamped)
 * @param noiseSeeds per-sample seed of the initial noise and of the SDE noises
 */
public record WindowedTrajectory(
    int windowStart,
    int windowLength,
    TimeGrid grid,
    SdeSettings sde,
    NDArray states,
    NDArray noises,
    NDArray logProbs,
    NDArray finals,
    long[] noiseSeeds) {

  public WindowedTrajectory {
    if (windowLength < 1 || windowStart < 0 || windowStart + windowLength > grid.steps()) {
      throw new IllegalArgumentException(
          "window [" + windowStart + ", " + (windowStart + windowLength) + ") does not fit "
              + grid.steps() + " steps");
    }
    long g = noiseSeeds.length;
    checkShape("states", states, g, windowLength + 1);
    checkShape("noises", noises, g, windowLength);
    if (!logProbs.getShape().equals(new Shape(g, windowLength))) {
      throw new IllegalArgumentException("logProbs must be [" + g + "," + windowLength + "], got " + logProbs.getShape());
    }
    if (finals.getShape().dimension() != 4 || finals.getShape().get(0) != g) {
      throw new IllegalArgumentException("finals must be [" + g + ",3,H,W], got " + finals.getShape());
    }
    noiseSeeds = noiseSeeds.clone();
  }

  private static void checkShape(String name, NDArray a, long g, long steps) {
    Shape s = a.getShape();
    if (s.dimension() != 5 || s.get(0) != g || s.get(1) != steps) {
      throw new IllegalArgumentException(name + " must be [" + g + "," + steps + ",C,H,W], got " + s);
    }
  }

  public int groupSize() {
    return noiseSeeds.length;
  }

  @Override
  public long[] noiseSeeds() {
    return noiseSeeds.clone();
  }

  /** t_j of window step {@code i} (0 ≤ i < k), i.e. grid step r+i. */
  public float t(int i) {
    return grid.t(windowStart + i);
  }

  /** dt_j of window step {@code i}. */
  public float dt(int i) {
    return grid.dt(windowStart + i);
  }

  /** The wire form (fp32 tensors, one {@link TrajectoryWindow} per sample). */
  public TrajectoryGroup toProto(org.editrl.proto.EditTask task, long policyVersion) {
    float[] t = grid.t();
    TrajectoryGroup.Builder b =
        TrajectoryGroup.newBuilder()
            .setTask(task)
            .setPolicyVersion(policyVersion)
            .setWindowStart(windowStart)
            .setWindowLength(windowLength)
            .setTimesteps(ProtoTensors.ofFloats(new long[] {t.length}, t))
            .setNoiseLevel(sde.noiseLevel())
            .setDriftCorrection(sde.driftCorrection())
            .setSigmaTClamp(sde.tClamp())
            .setNoiseBlock(sde.noiseBlock());
    // Copy each array to Java once and slice per sample: no NDArrays are created here.
    PerSample st = PerSample.of(states);
    PerSample no = PerSample.of(noises);
    PerSample lp = PerSample.of(logProbs);
    PerSample fi = PerSample.of(finals);
    for (int i = 0; i < groupSize(); i++) {
      b.addSamples(
          TrajectoryWindow.newBuilder()
              .setStates(st.tensor(i))
              .setNoises(no.tensor(i))
              .setLogProbs(lp.tensor(i))
              .setFinalImage(fi.tensor(i))
              .setNoiseSeed(noiseSeeds[i]));
    }
    return b.build();
  }

  /** Reads a group back; the arrays are created in {@code m}. */
  public static WindowedTrajectory fromProto(TrajectoryGroup g, NDManager m) {
    if (g.getSamplesCount() == 0) {
      throw new IllegalArgumentException("trajectory group of task " + g.getTask().getTaskId() + " has no samples");
    }
    TimeGrid grid = new TimeGrid(ProtoTensors.floats(g.getTimesteps()));
    float clamp = g.getSigmaTClamp() == 0f ? SdeSettings.DEFAULT_T_CLAMP : g.getSigmaTClamp();
    int block = g.getNoiseBlock() == 0 ? 1 : g.getNoiseBlock();
    SdeSettings sde = new SdeSettings(g.getNoiseLevel(), g.getDriftCorrection(), clamp, block);
    int n = g.getSamplesCount();
    long[] seeds = new long[n];
    List<NDArray> states = new ArrayList<>(n);
    List<NDArray> noises = new ArrayList<>(n);
    List<NDArray> logProbs = new ArrayList<>(n);
    List<NDArray> finals = new ArrayList<>(n);
    try (NDManager parts = m.newSubManager()) {
      for (int i = 0; i < n; i++) {
        TrajectoryWindow w = g.getSamples(i);
        seeds[i] = w.getNoiseSeed();
        states.add(ProtoTensors.fromProto(parts, w.getStates()));
        noises.add(ProtoTensors.fromProto(parts, w.getNoises()));
        logProbs.add(ProtoTensors.fromProto(parts, w.getLogProbs()));
        finals.add(ProtoTensors.fromProto(parts, w.getFinalImage()));
      }
      return new WindowedTrajectory(
          g.getWindowStart(),
          g.getWindowLength(),
          grid,
          sde,
          stackInto(m, states),
          stackInto(m, noises),
          stackInto(m, logProbs),
          stackInto(m, finals),
          seeds);
    }
  }

  /** An fp32 array's values split along its first axis. */
  private record PerSample(float[] values, long[] sampleShape, int sampleSize) {
    static PerSample of(NDArray a) {
      long[] shape = a.getShape().getShape();
      long[] rest = java.util.Arrays.copyOfRange(shape, 1, shape.length);
      return new PerSample(a.toFloatArray(), rest, Math.toIntExact(new Shape(rest).size()));
    }

    org.editrl.proto.Tensor tensor(int i) {
      return ProtoTensors.ofFloats(
          sampleShape, java.util.Arrays.copyOfRange(values, i * sampleSize, (i + 1) * sampleSize));
    }
  }

  private static NDArray stackInto(NDManager m, List<NDArray> parts) {
    NDArray stacked = NDArrays.stack(new NDList(parts));
    stacked.attach(m);
    return stacked;
  }
}
