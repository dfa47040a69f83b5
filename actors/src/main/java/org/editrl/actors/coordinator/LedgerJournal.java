package org.editrl.actors.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;

/**
 * The ledger's append-only JSONL file. Each event is flushed to the OS as it is written, so a
 * {@code kill -9} of the JVM loses nothing already reported; a crash of the machine itself can
 * tear the last line, which {@link #read} tolerates.
 */
public final class LedgerJournal implements Consumer<LedgerEvent>, AutoCloseable {
  public static final String FILE_NAME = "ledger.jsonl";

  private final JsonLines out;

  private LedgerJournal(JsonLines out) {
    this.out = out;
  }

  /** Opens (appending) the journal in a run directory. */
  public static LedgerJournal openIn(Path runDir) {
    return new LedgerJournal(JsonLines.appendingTo(runDir.resolve(FILE_NAME)));
  }

  @Override
  public void accept(LedgerEvent event) {
    out.write(event);
  }

  @Override
  public void close() {
    out.close();
  }

  /**
   * Reads every event of a run directory's journal (none if it has no journal). A malformed
   * line other than the last is corruption and a {@link UserError}; a malformed last line is the
   * trace of a crash mid-write and is skipped.
   */
  public static List<LedgerEvent> read(Path runDir) {
    Path file = runDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<LedgerEvent> events = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(JsonLines.MAPPER.readValue(line, LedgerEvent.class));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        if (i == lines.size() - 1) {
          break;
        }
        throw new UserError(
            "corrupt ledger " + file + " at line " + (i + 1) + ": " + e.getOriginalMessage()
                + " (the run cannot be resumed safely; start a new run directory)");
      }
    }
    return events;
  }
}
