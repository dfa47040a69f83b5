package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.TensorType;

/**
 * An ordered set of named fp32 parameters living in one manager. Initialisation is done in Java
 * from a seeded {@link Random}, so a seed fixes every weight on every engine.
 */
final class Parameters {
  private final NDManager manager;
  private final Map<String, NDArray> byName = new LinkedHashMap<>();

  Parameters(NDManager manager) {
    this.manager = manager;
  }

  NDArray get(String name) {
    NDArray a = byName.get(name);
    if (a == null) {
      throw new IllegalStateException("no parameter " + name);
    }
    return a;
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  List<NDArray> arrays() {
    return List.copyOf(byName.values());
  }

  List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** Normal(0, std²) values. */
  NDArray normal(String name, Random rng, float std, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextGaussian() * std);
    }
    return put(name, v, shape);
  }

  NDArray zeros(String name, long... shape) {
    return put(name, new float[(int) new Shape(shape).size()], shape);
  }

  NDArray ones(String name, long... shape) {
    float[] v = new float[(int) new Shape(shape).size()];
    Arrays.fill(v, 1f);
    return put(name, v, shape);
  }

  NDArray put(String name, float[] values, long... shape) {
    if (byName.containsKey(name)) {
      throw new IllegalStateException("duplicate parameter " + name);
    }
    NDArray a = manager.create(values, new Shape(shape));
    a.setName(name);
    byName.put(name, a);
    return a;
  }

  void setRequiresGradient(boolean requires) {
    for (NDArray a : byName.values()) {
      a.setRequiresGradient(requires);
    }
  }

  /** The values as safetensors-ready tensors, in parameter order. */
  List<NamedTensor> toTensors() {
    List<NamedTensor> out = new ArrayList<>(byName.size());
    for (Map.Entry<String, NDArray> e : byName.entrySet()) {
      out.add(toTensor(e.getKey(), e.getValue()));
    }
    return out;
  }

  static NamedTensor toTensor(String name, NDArray a) {
    byte[] bytes = new byte[(int) a.size() * 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(a.toFloatArray());
    return new NamedTensor(name, a.getShape().getShape(), TensorType.F32, bytes);
  }

  /**
   * Overwrites every parameter from tensors with exactly the same names and shapes (in any
   * order); UserError naming the first mismatch. Requires-gradient flags are kept.
   */
  void load(List<NamedTensor> tensors, String what) {
    load(tensors, what, name -> false);
  }

  /** As {@link #load(List, String)}, but parameters that {@code mayKeep} accepts may be absent. */
  void load(List<NamedTensor> tensors, String what, Predicate<String> mayKeep) {
    Map<String, NamedTensor> given = new LinkedHashMap<>();
    for (NamedTensor t : tensors) {
      given.put(t.name(), t);
    }
    for (String name : byName.keySet()) {
      if (!given.containsKey(name) && !mayKeep.test(name)) {
        throw new UserError(what + " lacks tensor '" + name + "' (was it written by another"
            + " architecture?)");
      }
    }
    for (String name : given.keySet()) {
      if (!byName.containsKey(name)) {
        throw new UserError(what + " has unexpected tensor '" + name + "' (was it written by"
            + " another architecture?)");
      }
    }
    for (Map.Entry<String, NDArray> e : byName.entrySet()) {
      NamedTensor t = given.get(e.getKey());
      if (t == null) {
        continue; // kept as it is
      }
      long[] want = e.getValue().getShape().getShape();
      if (!Arrays.equals(t.shape(), want) || t.type() != TensorType.F32) {
        throw new UserError(what + ": tensor '" + t.name() + "' is " + Arrays.toString(t.shape())
            + " " + t.type() + ", this network needs " + Arrays.toString(want) + " F32");
      }
    }
    for (Map.Entry<String, NDArray> e : byName.entrySet()) {
      NamedTensor t = given.get(e.getKey());
      if (t == null) {
        continue;
      }
      NDArray target = e.getValue();
      boolean grad = target.hasGradient();
      float[] values = t.floats();
      try (NDManager tmp = manager.newSubManager()) {
        target.set(tmp.create(values, target.getShape()).toByteBuffer());
      }
      if (grad) {
        target.setRequiresGradient(true);
      }
    }
  }

  static DataType type() {
    return DataType.FLOAT32;
  }
}
