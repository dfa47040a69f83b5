package org.editrl.core.tensor;

import java.util.Locale;

/** Element types of {@link NamedTensor}, with their safetensors names and sizes. */
public enum TensorType {
  F32("F32", 4),
  F16("F16", 2),
  BF16("BF16", 2),
  I32("I32", 4),
  I64("I64", 8),
  U8("U8", 1);

  private final String safetensorsName;
  private final int bytes;

  TensorType(String safetensorsName, int bytes) {
    this.safetensorsName = safetensorsName;
    this.bytes = bytes;
  }

  /** The dtype string of the safetensors header. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Parses a safetensors dtype name; null when it is not one of ours. */
  public static TensorType fromSafetensorsName(String name) {
    for (TensorType t : values()) {
      if (t.safetensorsName.equals(name.toUpperCase(Locale.ROOT))) {
        return t;
      }
    }
    return null;
  }
}
