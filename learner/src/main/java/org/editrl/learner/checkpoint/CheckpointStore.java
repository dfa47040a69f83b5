package org.editrl.learner.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.Sha256;
import org.editrl.core.UserError;

/**
 * Checkpoints of one run under {@code DIR/checkpoints/step-NNNNNNNN/}. A checkpoint is written
 * into a hidden temporary directory, its manifest last, and renamed into place, so a crash
 * leaves either the whole checkpoint or none. Loading verifies every file's SHA-256.
 */
public final class CheckpointStore {
  static final String MANIFEST = "checkpoint.json";
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d{8,})");

  private final Path root;
  private final int keepLast;

  /**
   * @param root the run's checkpoint directory
   * @param keepLast how many checkpoints to keep (older ones are deleted after a save), ≥ 1
   */
  public CheckpointStore(Path root, int keepLast) {
    if (keepLast < 1) {
      throw new UserError("checkpoints to keep must be at least 1, got " + keepLast);
    }
    this.root = root;
    this.keepLast = keepLast;
  }

  public Path root() {
    return root;
  }

  /**
   * Saves a checkpoint for {@code step}. {@code files} maps file names to writers of their
   * content; it replaces an existing checkpoint of the same step.
   */
  public Checkpoint save(long step, Map<String, AtomicFiles.Writer> files) {
    Path target = root.resolve(dirName(step));
    Path tmp = root.resolve("." + dirName(step) + ".partial");
    try {
      Files.createDirectories(root);
      AtomicFiles.deleteTree(tmp);
      Files.createDirectories(tmp);
      ObjectNode manifest = JsonLines.MAPPER.createObjectNode();
      manifest.put("step", step);
      ObjectNode hashes = manifest.putObject("files");
      for (Map.Entry<String, AtomicFiles.Writer> f : files.entrySet()) {
        checkFileName(f.getKey());
        Path p = tmp.resolve(f.getKey());
        AtomicFiles.write(p, f.getValue());
        hashes.put(f.getKey(), Sha256.ofFile(p));
      }
      AtomicFiles.writeString(tmp.resolve(MANIFEST), JsonLines.toLine(manifest) + "\n");
      AtomicFiles.deleteTree(target);
      AtomicFiles.moveIntoPlace(tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save checkpoint at step " + step + " in " + root, e);
    }
    prune();
    return load(target);
  }

  /** The newest complete checkpoint, if any (verified). */
  public Optional<Checkpoint> latest() {
    List<Path> dirs = stepDirs();
    return dirs.isEmpty() ? Optional.empty() : Optional.of(load(dirs.get(dirs.size() - 1)));
  }

  /** Steps of the checkpoints on disk, oldest first. */
  public List<Long> steps() {
    return stepDirs().stream().map(CheckpointStore::stepOf).toList();
  }

  /**
   * Loads and verifies a checkpoint directory.
   *
   * @throws UserError if the manifest is missing or a file is missing or fails its SHA-256
   */
  public static Checkpoint load(Path dir) {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new UserError(
          "not a checkpoint: " + dir + " has no " + MANIFEST + " (incomplete or foreign directory)");
    }
    JsonNode manifest;
    try {
      manifest = JsonLines.MAPPER.readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw new UserError("corrupt checkpoint manifest " + manifestFile + ": " + e.getMessage(), e);
    }
    if (manifest == null || !manifest.has("step") || !manifest.path("files").isObject()) {
      throw new UserError("corrupt checkpoint manifest " + manifestFile + ": lacks step or files");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (var it = manifest.get("files").fields(); it.hasNext(); ) {
      var f = it.next();
      Path p = dir.resolve(f.getKey());
      if (!Files.isRegularFile(p)) {
        throw new UserError("checkpoint " + dir + " is missing " + f.getKey());
      }
      String actual = Sha256.ofFile(p);
      if (!actual.equals(f.getValue().asText())) {
        throw new UserError(
            "checkpoint file " + p + " fails its SHA-256 check (corrupt or edited); resume from an"
                + " earlier checkpoint or start a new run");
      }
      files.put(f.getKey(), p);
    }
    return new Checkpoint(manifest.get("step").asLong(), dir, files);
  }

  private void prune() {
    List<Path> dirs = stepDirs();
    for (int i = 0; i < dirs.size() - keepLast; i++) {
      AtomicFiles.deleteTree(dirs.get(i));
    }
  }

  private List<Path> stepDirs() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      List<Path> dirs = new ArrayList<>(
          s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches())
              .filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
              .toList());
      dirs.sort(Comparator.comparingLong(CheckpointStore::stepOf));
      return dirs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  static String dirName(long step) {
    return String.format("step-%08d", step);
  }

  private static long stepOf(Path dir) {
    Matcher m = STEP_DIR.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(dir + " is not a checkpoint directory");
    }
    return Long.parseLong(m.group(1));
  }

  private static void checkFileName(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")
        || name.equals(MANIFEST)) {
      throw new IllegalArgumentException("bad checkpoint file name: " + name);
    }
  }
}
