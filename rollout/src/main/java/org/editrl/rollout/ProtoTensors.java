package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.editrl.proto.DType;
import org.editrl.proto.Tensor;

/** NDArray ↔ {@code editrl.v1.Tensor} (row-major, little-endian), bit-exact for FLOAT32/INT32. */
public final class ProtoTensors {
  private ProtoTensors() {}

  public static Tensor toProto(NDArray a) {
    Tensor.Builder b = Tensor.newBuilder();
    for (long d : a.getShape().getShape()) {
      b.addShape(d);
    }
    if (a.getDataType() == DataType.FLOAT32) {
      float[] v = a.toFloatArray();
      ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(v);
      return b.setDtype(DType.FLOAT32).setData(ByteString.copyFrom(buf.array())).build();
    }
    if (a.getDataType() == DataType.INT32) {
      int[] v = a.toIntArray();
      ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asIntBuffer().put(v);
      return b.setDtype(DType.INT32).setData(ByteString.copyFrom(buf.array())).build();
    }
    throw new IllegalArgumentException("only FLOAT32 and INT32 tensors go on the wire, got " + a.getDataType());
  }

  /** A FLOAT32 tensor from Java floats. */
  public static Tensor ofFloats(long[] shape, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    Tensor.Builder b = Tensor.newBuilder().setDtype(DType.FLOAT32).setData(ByteString.copyFrom(buf.array()));
    for (long d : shape) {
      b.addShape(d);
    }
    return b.build();
  }

  /** The values of a FLOAT32 tensor, checking the byte count against the shape. */
  public static float[] floats(Tensor t) {
    checkLength(t, DType.FLOAT32);
    float[] v = new float[t.getData().size() / 4];
    t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  public static NDArray fromProto(NDManager m, Tensor t) {
    Shape shape = new Shape(t.getShapeList().stream().mapToLong(Long::longValue).toArray());
    if (t.getDtype() == DType.FLOAT32) {
      return m.create(floats(t), shape);
    }
    if (t.getDtype() == DType.INT32) {
      checkLength(t, DType.INT32);
      int[] v = new int[t.getData().size() / 4];
      t.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
      return m.create(v, shape);
    }
    throw new IllegalArgumentException("unsupported tensor dtype on the wire: " + t.getDtype());
  }

  private static void checkLength(Tensor t, DType expected) {
    if (t.getDtype() != expected) {
      throw new IllegalArgumentException("expected a " + expected + " tensor, got " + t.getDtype());
    }
    long n = 1;
    for (long d : t.getShapeList()) {
      n = Math.multiplyExact(n, d);
    }
    if (n * 4 != t.getData().size()) {
      throw new IllegalArgumentException(
          "tensor of shape " + t.getShapeList() + " needs " + n * 4 + " bytes, got " + t.getData().size());
    }
  }
}
