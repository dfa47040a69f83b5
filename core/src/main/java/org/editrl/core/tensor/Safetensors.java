package org.editrl.core.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets}
 * (relative to the end of the header) plus optional string {@code __metadata__}, then the raw
 * little-endian bytes. Tensors are written in the given order, contiguous, so a round trip is
 * bit-exact. The header is padded with spaces to a multiple of 8 bytes, as the reference does.
 */
public final class Safetensors {
  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private Safetensors() {}

  /** A file's tensors (in file order) and its string metadata. */
  public record Contents(List<NamedTensor> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = List.copyOf(tensors);
      metadata = Map.copyOf(metadata);
    }

    /** The tensor with this name, or a UserError naming what is there. */
    public NamedTensor get(String name) {
      for (NamedTensor t : tensors) {
        if (t.name().equals(name)) {
          return t;
        }
      }
      throw new UserError(
          "no tensor '" + name + "' in safetensors file (it has " + names() + ")");
    }

    public List<String> names() {
      return tensors.stream().map(NamedTensor::name).toList();
    }
  }

  public static byte[] encode(List<NamedTensor> tensors, Map<String, String> metadata) {
    ObjectNode header = JsonLines.MAPPER.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (NamedTensor t : tensors) {
      if (header.has(t.name())) {
        throw new IllegalArgumentException("duplicate tensor name " + t.name());
      }
      ObjectNode entry = header.putObject(t.name());
      entry.put("dtype", t.type().safetensorsName());
      var shape = entry.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      var offsets = entry.putArray("data_offsets");
      offsets.add(offset);
      offsets.add(offset + t.byteLength());
      offset += t.byteLength();
    }
    byte[] json = JsonLines.toLine(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + padded + offset));
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    out.writeBytes(len.array());
    out.writeBytes(json);
    for (int i = json.length; i < padded; i++) {
      out.write(' ');
    }
    for (NamedTensor t : tensors) {
      out.writeBytes(t.data());
    }
    return out.toByteArray();
  }

  /**
   * Parses safetensors bytes.
   *
   * @param source named in error messages (a file path, "stream", …)
   * @throws UserError if the bytes are not a well-formed safetensors file
   */
  public static Contents decode(byte[] bytes, String source) {
    if (bytes.length < 8) {
      throw corrupt(source, "shorter than its 8-byte header length");
    }
    long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || 8 + headerLen > bytes.length) {
      throw corrupt(source, "header length " + headerLen + " does not fit a " + bytes.length + "-byte file");
    }
    JsonNode header;
    try {
      header =
          JsonLines.MAPPER.readTree(
              new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw corrupt(source, "header is not JSON");
    }
    if (header == null || !header.isObject()) {
      throw corrupt(source, "header is not a JSON object");
    }
    int dataStart = (int) (8 + headerLen);
    int dataLen = bytes.length - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals(METADATA)) {
        f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      entries.add(parseEntry(f.getKey(), f.getValue(), dataLen, source));
    }
    // Tensors come back in data order, which is the order they were written in.
    entries.sort((a, b) -> Long.compare(a.begin, b.begin));
    List<NamedTensor> tensors = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      byte[] data = new byte[(int) (e.end - e.begin)];
      System.arraycopy(bytes, dataStart + (int) e.begin, data, 0, data.length);
      tensors.add(new NamedTensor(e.name, e.shape, e.type, data));
    }
    return new Contents(tensors, metadata);
  }

  private record Entry(String name, TensorType type, long[] shape, long begin, long end) {}

  private static Entry parseEntry(String name, JsonNode node, int dataLen, String source) {
    TensorType type =
        node.hasNonNull("dtype") ? TensorType.fromSafetensorsName(node.get("dtype").asText()) : null;
    if (type == null) {
      throw corrupt(source, "tensor " + name + " has an unsupported or missing dtype");
    }
    JsonNode shapeNode = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (shapeNode == null || !shapeNode.isArray() || offsets == null || offsets.size() != 2) {
      throw corrupt(source, "tensor " + name + " lacks shape or data_offsets");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    long expected;
    try {
      expected = NamedTensor.elementCount(shape) * type.bytes();
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw corrupt(source, "tensor " + name + " has an invalid shape");
    }
    if (begin < 0 || end < begin || end > dataLen || end - begin != expected) {
      throw corrupt(source, "tensor " + name + " has data offsets [" + begin + ", " + end
          + ") that do not match its shape or the file size");
    }
    return new Entry(name, type, shape, begin, end);
  }

  /** Writes atomically (temp file + rename). */
  public static void write(Path file, List<NamedTensor> tensors, Map<String, String> metadata) {
    AtomicFiles.write(file, encode(tensors, metadata));
  }

  /** Reads a file; a missing or malformed file is a UserError naming it. */
  public static Contents read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("safetensors file not found: " + file);
    }
    try {
      return decode(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static UserError corrupt(String source, String why) {
    return new UserError(
        "corrupt safetensors file " + source + ": " + why + " (re-create or re-download it)");
  }
}
