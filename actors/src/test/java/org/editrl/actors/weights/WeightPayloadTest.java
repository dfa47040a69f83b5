package org.editrl.actors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.WeightManifest;
import org.junit.jupiter.api.Test;

/** The payload layout and every check a worker makes before staging a version. */
class WeightPayloadTest {
  private static WeightPayload.Encoded encoded() {
    return WeightPayload.encode(WeightServiceNettyTest.adapter(1f), 3, 30, "base", 10_000, 1234);
  }

  @Test
  void roundTripsTensorsAndDescribesChunks() throws Exception {
    WeightPayload.Encoded e = encoded();
    assertThat(WeightPayload.decode(e.manifest(), e.payload())).isEqualTo(WeightServiceNettyTest.adapter(1f));
    WeightManifest m = e.manifest();
    assertThat(m.getPublishedUnixMs()).isEqualTo(1234);
    int chunks = WeightPayload.chunkCount(m);
    assertThat(chunks).isEqualTo((int) Math.ceil(m.getTotalBytes() / 10_000.0));
    long sum = 0;
    for (int i = 0; i < chunks; i++) {
      assertThat(WeightPayload.chunkOffset(m, i)).isEqualTo(sum);
      sum += WeightPayload.chunkLength(m, i);
    }
    assertThat(sum).isEqualTo(m.getTotalBytes());
    assertThat(WeightPayload.encode(List.of(), 1, 1, "base", 10, 0).manifest().getTotalBytes()).isZero();
  }

  @Test
  void aFlippedByteIsATensorHashRejectionNamingTheTensor() {
    WeightPayload.Encoded e = encoded();
    byte[] bad = e.payload().clone();
    long offset = e.manifest().getTensors(1).getOffset();
    bad[(int) offset + 5] ^= 1;
    assertThatThrownBy(() -> WeightPayload.decode(e.manifest(), bad))
        .isInstanceOfSatisfying(TransferRejectedException.class, x -> {
          assertThat(x.reason()).isEqualTo(RejectReason.TENSOR_HASH);
          assertThat(x.getMessage()).contains("focus.positions");
        });
  }

  @Test
  void aManifestWhosePayloadHashDisagreesIsRejected() {
    WeightPayload.Encoded e = encoded();
    WeightManifest wrong = e.manifest().toBuilder().setSha256("00".repeat(32)).build();
    assertThatThrownBy(() -> WeightPayload.decode(wrong, e.payload()))
        .isInstanceOfSatisfying(TransferRejectedException.class,
            x -> assertThat(x.reason()).isEqualTo(RejectReason.PAYLOAD_HASH));
  }

  @Test
  void sizesAndOffsetsThatDoNotAddUpAreMalformed() {
    WeightPayload.Encoded e = encoded();
    byte[] shorter = java.util.Arrays.copyOf(e.payload(), e.payload().length - 1);
    assertThatThrownBy(() -> WeightPayload.decode(e.manifest(), shorter))
        .isInstanceOfSatisfying(TransferRejectedException.class,
            x -> assertThat(x.reason()).isEqualTo(RejectReason.MALFORMED));
    WeightManifest gap = e.manifest().toBuilder()
        .setTensors(1, e.manifest().getTensors(1).toBuilder().setOffset(e.manifest().getTensors(1).getOffset() + 4))
        .build();
    assertThatThrownBy(() -> WeightPayload.decode(gap, e.payload()))
        .isInstanceOfSatisfying(TransferRejectedException.class,
            x -> assertThat(x.reason()).isEqualTo(RejectReason.MALFORMED));
  }

  @Test
  void duplicateTensorNamesAreRefusedAtPublish() {
    NamedTensor t = NamedTensor.ofFloats("a", new long[] {1}, new float[] {1});
    assertThatThrownBy(() -> WeightPayload.encode(List.of(t, t), 1, 1, "b", 10, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate tensor name a");
  }

  @Test
  void theStoreKeepsTheNewestVersionsAndNumbersThemFromOne() {
    WeightStore store = new WeightStore("base", 1 << 16, 2);
    assertThat(store.newestVersion()).isZero();
    for (int i = 1; i <= 3; i++) {
      assertThat(store.publish(WeightServiceNettyTest.adapter(i), i).getVersion()).isEqualTo(i);
    }
    assertThat(store.find(0).manifest().getVersion()).isEqualTo(3);
    assertThat(store.find(2).manifest().getVersion()).isEqualTo(2);
    assertThatThrownBy(() -> store.find(1)).isInstanceOf(VersionNotKeptException.class)
        .hasMessageContaining("2..3");
    assertThatThrownBy(() -> store.find(9)).isInstanceOf(VersionNotKeptException.class)
        .hasMessageContaining("has not been published");
  }
}
