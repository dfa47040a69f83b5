package org.editrl.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Bridges picocli's writers to the PrintStreams some libraries (progress bars) want. */
final class CliStreams {
  private CliStreams() {}

  static PrintStream printStream(PrintWriter writer) {
    OutputStream bytes = new OutputStream() {
      @Override
      public void write(int b) {
        writer.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        writer.write(new String(b, off, len, StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        writer.flush();
      }
    };
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
