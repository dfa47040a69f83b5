package org.editrl.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripIsBitExactIncludingNaNPayloadsAndOrder() {
    float[] values = {1.5f, -0f, Float.NaN, Float.MIN_VALUE, Float.intBitsToFloat(0x7fc00123), 3e38f};
    NamedTensor a = NamedTensor.ofFloats("z.weight", new long[] {2, 3}, values);
    NamedTensor b = NamedTensor.ofInts("a.ids", new long[] {4}, new int[] {0, -1, 7, Integer.MAX_VALUE});
    NamedTensor scalar = NamedTensor.ofFloats("m.scale", new long[] {}, new float[] {0.25f});
    Path f = dir.resolve("t.safetensors");
    Safetensors.write(f, List.of(a, b, scalar), Map.of("step", "12"));
    Safetensors.Contents back = Safetensors.read(f);
    assertThat(back.tensors()).containsExactly(a, b, scalar);
    assertThat(back.metadata()).containsEntry("step", "12");
    int[] rawBits = new int[values.length];
    ByteBuffer.wrap(back.get("z.weight").data()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(rawBits);
    assertThat(rawBits[4]).isEqualTo(0x7fc00123);
  }

  @Test
  void headerFollowsTheReferenceLayout() {
    byte[] bytes =
        Safetensors.encode(
            List.of(NamedTensor.ofFloats("w", new long[] {2}, new float[] {1f, 2f})), Map.of());
    long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLen % 8).isZero();
    String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8).strip();
    assertThat(header).isEqualTo("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
    assertThat(bytes.length).isEqualTo(8 + headerLen + 8);
  }

  @Test
  void truncatedOrGarbageFilesAreClearErrors() throws Exception {
    byte[] good =
        Safetensors.encode(
            List.of(NamedTensor.ofFloats("w", new long[] {4}, new float[] {1, 2, 3, 4})), Map.of());
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 3));
    assertThatThrownBy(() -> Safetensors.read(truncated))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("truncated.safetensors")
        .hasMessageContaining("data offsets");
    Path garbage = dir.resolve("garbage.safetensors");
    Files.writeString(garbage, "hello world, not tensors");
    assertThatThrownBy(() -> Safetensors.read(garbage))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("corrupt safetensors");
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("missing.safetensors")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not found");
  }

  @Test
  void wrongByteCountIsRejectedAtConstruction() {
    assertThatThrownBy(() -> new NamedTensor("x", new long[] {3}, TensorType.F32, new byte[8]))
        .hasMessageContaining("needs 12 bytes");
  }
}
