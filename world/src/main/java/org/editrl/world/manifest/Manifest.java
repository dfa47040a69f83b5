package org.editrl.world.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.world.Category;
import org.editrl.world.EditMask;
import org.editrl.world.EditTask;
import org.editrl.world.Operation;
import org.editrl.world.Split;

/**
 * Reads and writes JSONL manifests of editing data (format in {@code docs/manifest.md}): one
 * JSON object per line, blank lines and lines starting with {@code #} ignored. A bad row (bad
 * JSON, missing field, unknown value, missing or unreadable image, images of different sizes,
 * duplicate id) is reported as {@code <file>:<line>: <what is wrong>}; with {@code strict} it
 * stops the read ({@link UserError}), otherwise the row is skipped with that warning.
 */
public final class Manifest {
  public static final String ID = "id";
  public static final String SOURCE = "source";
  public static final String INSTRUCTION = "instruction";
  public static final String REASONING = "reasoning_instruction";
  public static final String DIRECTIVES = "directives";
  public static final String TARGET = "target";
  public static final String MASK = "mask";
  public static final String CATEGORY = "category";
  public static final String OPERATION = "operation";
  public static final String SPLIT = "split";
  public static final String WORLD_SEED = "world_seed";

  private Manifest() {}

  /** A row that parsed, with its line number. */
  public record Numbered(int line, ManifestRow row) {}

  /** Writes rows as JSONL, atomically (temp file + rename). */
  public static void write(Path file, List<ManifestRow> rows) {
    StringBuilder sb = new StringBuilder();
    for (ManifestRow r : rows) {
      sb.append(JsonLines.toLine(r.toJson())).append('\n');
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  /** The manifest's rows (no images read); bad rows as described in the class comment. */
  public static List<Numbered> readRows(Path file, boolean strict, Consumer<String> warnings) {
    return scan(file, strict, warnings, n -> n);
  }

  /**
   * The manifest's tasks with their images read (paths relative to the manifest's directory).
   * Throws a {@link UserError} when no usable row is left.
   */
  public static List<EditTask> load(Path file, boolean strict, Consumer<String> warnings) {
    Path dir = file.toAbsolutePath().getParent();
    List<EditTask> tasks = scan(file, strict, warnings, n -> toTask(n.row(), dir));
    if (tasks.isEmpty()) {
      throw new UserError("no usable rows in manifest " + file);
    }
    return tasks;
  }

  /** Parses each row and maps it; problems are reported in line order. */
  private static <T> List<T> scan(Path file, boolean strict, Consumer<String> warnings,
      java.util.function.Function<Numbered, T> map) {
    if (!Files.isRegularFile(file)) {
      throw new UserError("manifest not found: " + file + " (check the --manifest path)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read manifest " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UserError("cannot read manifest " + file + " as UTF-8", e);
    }
    List<T> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int line = i + 1;
      try {
        ManifestRow row = parse(text);
        if (ids.contains(row.id())) {
          throw new RowError("duplicate id '" + row.id() + "'");
        }
        out.add(map.apply(new Numbered(line, row)));
        ids.add(row.id());
      } catch (RowError e) {
        bad(file, line, e.getMessage(), strict, warnings);
      }
    }
    return out;
  }

  /** The row of a task whose images were written at the given (manifest-relative) paths. */
  public static ManifestRow rowFor(EditTask t, String source, String target, String mask) {
    return new ManifestRow(t.id(), source, t.instruction(), t.reasoningInstruction(),
        t.directives(), target, mask, t.category().word(), t.operation().word(), t.split().word(),
        t.hasScenes() ? t.worldSeed() : null);
  }

  /** Resolves a manifest path against the manifest's directory. */
  public static Path resolve(Path manifestDir, String path) {
    Path p = Path.of(path);
    return p.isAbsolute() ? p : manifestDir.resolve(p);
  }

  private static void bad(Path file, int line, String what, boolean strict, Consumer<String> warnings) {
    String where = file + ":" + line + ": " + what;
    if (strict) {
      throw new UserError(where);
    }
    warnings.accept(where + " (row skipped; --strict stops instead)");
  }

  private static ManifestRow parse(String text) {
    JsonNode node;
    try {
      node = JsonLines.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new RowError("malformed JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new RowError("expected a JSON object");
    }
    String source = requiredText(node, SOURCE);
    String instruction = requiredText(node, INSTRUCTION);
    List<String> directives = new ArrayList<>();
    JsonNode d = node.get(DIRECTIVES);
    if (d != null && !d.isNull()) {
      if (!d.isArray()) {
        throw new RowError("\"" + DIRECTIVES + "\" must be an array of strings");
      }
      for (JsonNode e : d) {
        if (!e.isTextual()) {
          throw new RowError("\"" + DIRECTIVES + "\" must be an array of strings");
        }
        directives.add(e.asText());
      }
    }
    String id = optionalText(node, ID);
    if (id == null) {
      String name = Path.of(source).getFileName().toString();
      int dot = name.lastIndexOf('.');
      id = dot > 0 ? name.substring(0, dot) : name;
    }
    Long seed = null;
    JsonNode s = node.get(WORLD_SEED);
    if (s != null && !s.isNull()) {
      if (!s.canConvertToLong() || !s.isIntegralNumber()) {
        throw new RowError("\"" + WORLD_SEED + "\" must be an integer");
      }
      seed = s.asLong();
    }
    ManifestRow row = new ManifestRow(id, source, instruction, optionalText(node, REASONING),
        directives, optionalText(node, TARGET), optionalText(node, MASK),
        optionalText(node, CATEGORY), optionalText(node, OPERATION), optionalText(node, SPLIT), seed);
    try { // check the enumerated values now, so a bad one is reported with its line
      category(row);
      operation(row);
      split(row);
    } catch (UserError e) {
      throw new RowError(e.getMessage());
    }
    return row;
  }

  private static EditTask toTask(ManifestRow row, Path dir) {
    try {
      RgbImage source = Png.read(resolve(dir, row.source()));
      RgbImage target = row.target() == null ? null : Png.read(resolve(dir, row.target()));
      EditMask mask = row.mask() == null ? null : EditMask.fromImage(Png.read(resolve(dir, row.mask())));
      if (target != null && (target.width() != source.width() || target.height() != source.height())) {
        throw new RowError("target " + row.target() + " is " + target.width() + "x" + target.height()
            + " but source " + row.source() + " is " + source.width() + "x" + source.height());
      }
      if (mask != null && (mask.width() != source.width() || mask.height() != source.height())) {
        throw new RowError("mask " + row.mask() + " is " + mask.width() + "x" + mask.height()
            + " but source " + row.source() + " is " + source.width() + "x" + source.height());
      }
      Operation op = operation(row);
      return new EditTask(row.id(), split(row), category(row), op, row.instruction(),
          row.reasoningInstruction(), row.directives(), source, target, mask, null, null,
          row.worldSeed() == null ? 0L : row.worldSeed());
    } catch (UserError e) {
      throw new RowError(e.getMessage());
    }
  }

  private static Category category(ManifestRow r) {
    return r.category() == null ? Category.FACTUAL : Category.parse(r.category());
  }

  private static Operation operation(ManifestRow r) {
    return r.operation() == null ? Operation.CUSTOM : Operation.parse(r.operation());
  }

  private static Split split(ManifestRow r) {
    return r.split() == null ? Split.TRAIN : Split.parse(r.split());
  }

  private static String requiredText(JsonNode node, String field) {
    String v = optionalText(node, field);
    if (v == null || v.isBlank()) {
      throw new RowError("missing \"" + field + "\"");
    }
    return v;
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new RowError("\"" + field + "\" must be a string");
    }
    return v.asText();
  }

  /** A problem with one row; becomes a warning or a {@link UserError} with file and line. */
  private static final class RowError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowError(String message) {
      super(message, null, false, false);
    }
  }
}
