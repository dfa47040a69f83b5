package org.editrl.learner.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * A verified checkpoint on disk: its step, its directory and the files it holds (name → path).
 * Files were checked against the manifest's SHA-256s when this object was made.
 */
public record Checkpoint(long step, Path directory, Map<String, Path> files) {
  public Checkpoint {
    files = Map.copyOf(files);
  }

  /** The path of a file the checkpoint holds, e.g. {@code "adapter.safetensors"}. */
  public Path file(String name) {
    Path p = files.get(name);
    if (p == null) {
      throw new IllegalStateException(
          "checkpoint " + directory + " has no file " + name + " (it has " + files.keySet() + ")");
    }
    return p;
  }
}
