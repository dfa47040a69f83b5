package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.Safetensors;
import org.editrl.core.tensor.TensorType;
import org.editrl.model.flow.FlowStep;
import org.editrl.rollout.GroupSampler.TracedGroup;

/**
 * The SDE window of one sampled group as a safetensors file, laid out so anyone can re-check the
 * step maths outside Java (names, shapes and a numpy check: docs/trace.md). Window step
 * {@code i ∈ [0, k)} is grid step {@code j = r + i}.
 */
public final class SdeTrace {
  /** Value of the {@code format} metadata key. */
  public static final String FORMAT = "editrl-sde-trace/1";

  private SdeTrace() {}

  /** The trace's tensors, in file order. */
  public static List<NamedTensor> tensors(TracedGroup traced, NDArray source) {
    WindowedTrajectory w = traced.trajectory();
    int k = w.windowLength();
    float[] t = new float[k];
    float[] dt = new float[k];
    float[] sigma = new float[k];
    for (int i = 0; i < k; i++) {
      t[i] = w.t(i);
      dt[i] = w.dt(i);
      sigma[i] = FlowStep.sigma(w.sde(), t[i]);
    }
    float[] grid = w.grid().t();
    long[] seeds = w.noiseSeeds();
    ByteBuffer seedBytes = ByteBuffer.allocate(seeds.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    seedBytes.asLongBuffer().put(seeds);
    List<NamedTensor> out = new ArrayList<>();
    out.add(NamedTensor.ofFloats("grid", new long[] {grid.length}, grid));
    out.add(NamedTensor.ofFloats("t", new long[] {k}, t));
    out.add(NamedTensor.ofFloats("dt", new long[] {k}, dt));
    out.add(NamedTensor.ofFloats("sigma", new long[] {k}, sigma));
    out.add(floats("states", w.states()));
    out.add(floats("velocities", traced.velocities()));
    out.add(floats("means", traced.means()));
    out.add(floats("noises", w.noises()));
    out.add(floats("log_probs", w.logProbs()));
    out.add(floats("finals", w.finals()));
    out.add(floats("source", source));
    out.add(new NamedTensor("noise_seeds", new long[] {seeds.length}, TensorType.I64, seedBytes.array()));
    return out;
  }

  /** The trace's string metadata. */
  public static Map<String, String> metadata(TracedGroup traced, String taskId, String instruction, long seed) {
    WindowedTrajectory w = traced.trajectory();
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("task_id", taskId);
    meta.put("instruction", instruction);
    meta.put("seed", Long.toString(seed));
    meta.put("group_size", Integer.toString(w.groupSize()));
    meta.put("window_start", Integer.toString(w.windowStart()));
    meta.put("window_length", Integer.toString(w.windowLength()));
    meta.put("noise_level", Float.toString(w.sde().noiseLevel()));
    meta.put("drift_correction", Boolean.toString(w.sde().driftCorrection()));
    meta.put("t_clamp", Float.toString(w.sde().tClamp()));
    meta.put("noise_block", Integer.toString(w.sde().noiseBlock()));
    return meta;
  }

  public static void write(Path file, TracedGroup traced, NDArray source, String taskId, String instruction, long seed) {
    Safetensors.write(file, tensors(traced, source), metadata(traced, taskId, instruction, seed));
  }

  private static NamedTensor floats(String name, NDArray a) {
    return NamedTensor.ofFloats(name, a.getShape().getShape(), a.toFloatArray());
  }
}
