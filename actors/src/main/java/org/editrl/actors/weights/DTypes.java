package org.editrl.actors.weights;

import org.editrl.core.tensor.TensorType;
import org.editrl.proto.DType;

/** The one mapping between core {@link TensorType}s and the wire's {@link DType}s. */
public final class DTypes {
  private DTypes() {}

  public static DType toProto(TensorType type) {
    return switch (type) {
      case F32 -> DType.FLOAT32;
      case F16 -> DType.FLOAT16;
      case BF16 -> DType.BFLOAT16;
      case I32 -> DType.INT32;
      case I64 -> DType.INT64;
      case U8 -> DType.UINT8;
    };
  }

  /** The core type of a wire dtype; {@code IllegalArgumentException} for unknown values. */
  public static TensorType fromProto(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> TensorType.F32;
      case FLOAT16 -> TensorType.F16;
      case BFLOAT16 -> TensorType.BF16;
      case INT32 -> TensorType.I32;
      case INT64 -> TensorType.I64;
      case UINT8 -> TensorType.U8;
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
    };
  }
}
