package org.editrl.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Picocli hands commands PrintWriters; libraries such as progressbar want PrintStreams. */
final class WriterStreams {
  private WriterStreams() {}

  /** A PrintStream whose UTF-8 output goes to {@code writer}, flushed at each line and flush. */
  static PrintStream printStream(PrintWriter writer) {
    OutputStream bytes = new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n' || b == '\r') {
          flush();
        }
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        for (int i = off; i < off + len; i++) {
          if (b[i] == '\n' || b[i] == '\r') {
            flush();
            return;
          }
        }
      }

      @Override
      public synchronized void flush() {
        writer.write(pending.toString(StandardCharsets.UTF_8));
        writer.flush();
        pending.reset();
      }
    };
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
