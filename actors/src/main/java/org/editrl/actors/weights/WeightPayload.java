package org.editrl.actors.weights;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.editrl.core.Sha256;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.TensorType;
import org.editrl.proto.TensorEntry;
import org.editrl.proto.WeightManifest;

/**
 * The payload layout of a version, in one place: encoding tensors into a manifest plus payload
 * bytes, chunk arithmetic, and decoding a received payload with every check a worker makes.
 */
public final class WeightPayload {
  /** Payloads are Java arrays, so at most this many bytes. */
  public static final long MAX_TOTAL_BYTES = Integer.MAX_VALUE - 64;

  private WeightPayload() {}

  /** A version as the learner serves it. */
  public record Encoded(WeightManifest manifest, byte[] payload) {}

  /**
   * Lays the tensors out back to back in the given order and describes them in a manifest.
   *
   * @throws IllegalArgumentException on duplicate tensor names or a payload over 2 GiB
   */
  public static Encoded encode(
      List<NamedTensor> tensors,
      long version,
      long learnerStep,
      String baseId,
      int chunkBytes,
      long publishedUnixMs) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, got " + chunkBytes);
    }
    long total = 0;
    for (NamedTensor t : tensors) {
      total += t.byteLength();
    }
    if (total > MAX_TOTAL_BYTES) {
      throw new IllegalArgumentException("adapter of " + total + " bytes exceeds 2 GiB");
    }
    byte[] payload = new byte[(int) total];
    WeightManifest.Builder manifest =
        WeightManifest.newBuilder()
            .setVersion(version)
            .setLearnerStep(learnerStep)
            .setBaseId(baseId)
            .setChunkBytes(chunkBytes)
            .setTotalBytes(total)
            .setPublishedUnixMs(publishedUnixMs);
    var names = new java.util.HashSet<String>();
    int offset = 0;
    for (NamedTensor t : tensors) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("duplicate tensor name " + t.name() + " in adapter");
      }
      t.buffer().get(payload, offset, t.byteLength());
      TensorEntry.Builder entry =
          TensorEntry.newBuilder()
              .setName(t.name())
              .setDtype(DTypes.toProto(t.type()))
              .setOffset(offset)
              .setLength(t.byteLength())
              .setSha256(sliceSha256(payload, offset, t.byteLength()));
      for (long d : t.shape()) {
        entry.addShape(d);
      }
      manifest.addTensors(entry);
      offset += t.byteLength();
    }
    manifest.setSha256(Sha256.hex(payload));
    return new Encoded(manifest.build(), payload);
  }

  /** Number of chunks of a payload: ceil(total / chunk); 0 for an empty adapter. */
  public static int chunkCount(WeightManifest m) {
    if (m.getChunkBytes() <= 0) {
      return 0;
    }
    return (int) ((m.getTotalBytes() + m.getChunkBytes() - 1) / m.getChunkBytes());
  }

  /** Byte offset of chunk {@code index}. */
  public static long chunkOffset(WeightManifest m, int index) {
    return (long) index * m.getChunkBytes();
  }

  /** Byte length of chunk {@code index} (the last one may be short). */
  public static int chunkLength(WeightManifest m, int index) {
    long start = chunkOffset(m, index);
    return (int) Math.min(m.getChunkBytes(), m.getTotalBytes() - start);
  }

  /**
   * Checks a received payload against its manifest and cuts it into tensors.
   *
   * @throws TransferRejectedException if the layout is inconsistent or a hash does not match
   */
  public static List<NamedTensor> decode(WeightManifest m, byte[] payload)
      throws TransferRejectedException {
    return decode(m, payload, Sha256.hex(payload));
  }

  /**
   * {@link #decode(WeightManifest, byte[])} with the payload's SHA-256 already computed (a
   * worker hashes chunks as they arrive). When it matches the manifest, the payload is the
   * learner's bytes and so is every tensor; only when it does not are the tensors hashed one by
   * one, to name the damaged one.
   *
   * @param payloadSha256 lower-case hex SHA-256 of {@code payload}
   */
  public static List<NamedTensor> decode(WeightManifest m, byte[] payload, String payloadSha256)
      throws TransferRejectedException {
    if (payload.length != m.getTotalBytes()) {
      throw new TransferRejectedException(
          RejectReason.MALFORMED,
          "version " + m.getVersion() + ": received " + payload.length + " bytes, manifest says "
              + m.getTotalBytes());
    }
    long expectedOffset = 0;
    for (TensorEntry e : m.getTensorsList()) {
      if (e.getOffset() != expectedOffset || e.getLength() < 0
          || e.getOffset() + e.getLength() > payload.length) {
        throw new TransferRejectedException(
            RejectReason.MALFORMED,
            "version " + m.getVersion() + ": tensor " + e.getName() + " has byte range ["
                + e.getOffset() + ", " + (e.getOffset() + e.getLength())
                + ") that does not follow the previous tensor inside the payload");
      }
      expectedOffset += e.getLength();
    }
    if (expectedOffset != payload.length) {
      throw new TransferRejectedException(
          RejectReason.MALFORMED,
          "version " + m.getVersion() + ": tensors cover " + expectedOffset + " of "
              + payload.length + " payload bytes");
    }
    if (!payloadSha256.equals(m.getSha256())) {
      for (TensorEntry e : m.getTensorsList()) {
        String actual = sliceSha256(payload, (int) e.getOffset(), (int) e.getLength());
        if (!actual.equals(e.getSha256())) {
          throw new TransferRejectedException(
              RejectReason.TENSOR_HASH,
              "version " + m.getVersion() + ": tensor " + e.getName() + " has SHA-256 " + actual
                  + ", manifest says " + e.getSha256());
        }
      }
      throw new TransferRejectedException(
          RejectReason.PAYLOAD_HASH,
          "version " + m.getVersion() + ": payload has SHA-256 " + payloadSha256
              + ", manifest says " + m.getSha256());
    }
    List<NamedTensor> out = new ArrayList<>(m.getTensorsCount());
    for (TensorEntry e : m.getTensorsList()) {
      out.add(toTensor(m, e, Arrays.copyOfRange(
          payload, (int) e.getOffset(), (int) (e.getOffset() + e.getLength()))));
    }
    return out;
  }

  /** Lower-case hex SHA-256 of {@code payload[offset, offset + length)}, without copying it. */
  private static String sliceSha256(byte[] payload, int offset, int length) {
    MessageDigest d = Sha256.newDigest();
    d.update(payload, offset, length);
    return Sha256.hex(d);
  }

  private static NamedTensor toTensor(WeightManifest m, TensorEntry e, byte[] data)
      throws TransferRejectedException {
    try {
      TensorType type = DTypes.fromProto(e.getDtype());
      long[] shape = e.getShapeList().stream().mapToLong(Long::longValue).toArray();
      return new NamedTensor(e.getName(), shape, type, data);
    } catch (IllegalArgumentException ex) {
      throw new TransferRejectedException(
          RejectReason.MALFORMED, "version " + m.getVersion() + ": " + ex.getMessage());
    }
  }
}
