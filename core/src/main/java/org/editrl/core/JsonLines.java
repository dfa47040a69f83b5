package org.editrl.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * JSON output, one object per line: the CLI's stdout format and the run directory's metrics
 * files. Thread-safe; every line is flushed as it is written so a crash loses at most one line.
 */
public final class JsonLines implements AutoCloseable {
  /** The one ObjectMapper configuration used for all of editrl's JSON. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
          .findAndRegisterModules();

  private final Writer writer;
  private final boolean closeWriter;

  private JsonLines(Writer writer, boolean closeWriter) {
    this.writer = writer;
    this.closeWriter = closeWriter;
  }

  /** Lines to a stream the caller owns (e.g. System.out); closing does not close the stream. */
  public static JsonLines to(PrintStream out) {
    return new JsonLines(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), false);
  }

  /** Appends lines to a file, creating it and its parent directories. */
  public static JsonLines appendingTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      return new JsonLines(
          Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
              StandardOpenOption.APPEND),
          true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Serialises one value (a record, map, …) as a single line. */
  public static String toLine(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getName(), e);
    }
  }

  public synchronized void write(Object value) {
    try {
      writer.write(toLine(value));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write JSON line", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.flush();
      if (closeWriter) {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close JSON lines", e);
    }
  }
}
