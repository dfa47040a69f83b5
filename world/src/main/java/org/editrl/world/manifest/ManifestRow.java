package org.editrl.world.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a JSONL manifest, as written (paths as strings, relative to the manifest's
 * directory unless absolute). Only {@code source} and {@code instruction} are required; see
 * {@code docs/manifest.md}.
 *
 * @param id task id (default: the source file's name without extension)
 * @param source path of the source image
 * @param instruction the simple phrasing
 * @param reasoningInstruction the reasoning phrasing, or null (= the instruction)
 * @param directives ordered simple directives, or empty
 * @param target path of the ground-truth edited image, or null
 * @param mask path of the edit mask image (white = may change), or null
 * @param category "factual" | "conceptual" | "procedural", or null (= factual)
 * @param operation world operation ("recolour", …), or null (= custom)
 * @param split "train" | "heldout", or null (= train)
 * @param worldSeed the world seed of a world task, or null
 */
public record ManifestRow(String id, String source, String instruction,
    String reasoningInstruction, List<String> directives, String target, String mask,
    String category, String operation, String split, Long worldSeed) {
  public ManifestRow {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(instruction, "instruction");
    directives = directives == null ? List.of() : List.copyOf(directives);
  }

  /** The JSON object of this row, fields in documentation order, nulls left out. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, Manifest.ID, id);
    put(m, Manifest.SOURCE, source);
    put(m, Manifest.INSTRUCTION, instruction);
    put(m, Manifest.REASONING, reasoningInstruction);
    if (!directives.isEmpty()) {
      m.put(Manifest.DIRECTIVES, directives);
    }
    put(m, Manifest.TARGET, target);
    put(m, Manifest.MASK, mask);
    put(m, Manifest.CATEGORY, category);
    put(m, Manifest.OPERATION, operation);
    put(m, Manifest.SPLIT, split);
    put(m, Manifest.WORLD_SEED, worldSeed);
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
