package org.editrl.core.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.editrl.core.Sha256;

/**
 * A dense row-major tensor with a name, held as little-endian bytes. Immutable: the factory
 * methods and accessors copy.
 */
public final class NamedTensor {
  private final String name;
  private final long[] shape;
  private final TensorType type;
  private final byte[] data;

  public NamedTensor(String name, long[] shape, TensorType type, byte[] littleEndianData) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("tensor name must not be empty");
    }
    long elements = elementCount(shape);
    if (elements * type.bytes() != littleEndianData.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " of shape " + Arrays.toString(shape) + " and type " + type
              + " needs " + elements * type.bytes() + " bytes, got " + littleEndianData.length);
    }
    this.name = name;
    this.shape = shape.clone();
    this.type = type;
    this.data = littleEndianData.clone();
  }

  /** An fp32 tensor from Java floats. */
  public static NamedTensor ofFloats(String name, long[] shape, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new NamedTensor(name, shape, TensorType.F32, buf.array());
  }

  /** An int32 tensor from Java ints. */
  public static NamedTensor ofInts(String name, long[] shape, int[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(values);
    return new NamedTensor(name, shape, TensorType.I32, buf.array());
  }

  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public String name() {
    return name;
  }

  public long[] shape() {
    return shape.clone();
  }

  public TensorType type() {
    return type;
  }

  public long elementCount() {
    return elementCount(shape);
  }

  /** A copy of the little-endian bytes. */
  public byte[] data() {
    return data.clone();
  }

  /** Byte count without copying. */
  public int byteLength() {
    return data.length;
  }

  /** The bytes as a read-only little-endian buffer, without copying. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The values of an F32 tensor. */
  public float[] floats() {
    if (type != TensorType.F32) {
      throw new IllegalStateException("tensor " + name + " is " + type + ", not F32");
    }
    float[] out = new float[data.length / 4];
    buffer().asFloatBuffer().get(out);
    return out;
  }

  /** The values of an I32 tensor. */
  public int[] ints() {
    if (type != TensorType.I32) {
      throw new IllegalStateException("tensor " + name + " is " + type + ", not I32");
    }
    int[] out = new int[data.length / 4];
    buffer().asIntBuffer().get(out);
    return out;
  }

  /** Lower-case hex SHA-256 of the bytes. */
  public String sha256() {
    return Sha256.hex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor t
        && t.name.equals(name)
        && t.type == type
        && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + ":" + type;
  }
}
