package org.editrl.world;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.editrl.core.UserError;

/** What an edit does: the world's grammar of operations, plus {@link #CUSTOM} for users' data. */
public enum Operation {
  // single edits (factual; the conceptual category uses the first five with knowledge phrasing)
  RECOLOUR,
  REMOVE,
  ADD,
  RESHAPE,
  BACKGROUND,
  MOVE,
  RESIZE,
  /** Adds two or three identical shapes along a grid line ("add two red circles in the top row"). */
  COUNT,
  // procedural: several edits or a reading of the scene first
  SWAP_COLOURS,
  REMOVE_RELATIVE,
  RECOLOUR_ALL,
  REMOVE_ALL,
  MATCH_COLOUR,
  COPY,
  /** Two edits of the same shape, the second referring back to it ("…, then make it blue"). */
  SEQUENCE,
  /** Users' own data: the operation is not known. */
  CUSTOM;

  /** The name in manifests: "swap_colours". */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Operation parse(String text) {
    if (text != null) {
      String norm = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
      for (Operation o : values()) {
        if (o.name().equals(norm)) {
          return o;
        }
      }
    }
    throw new UserError("unknown operation '" + text + "' (valid: "
        + Arrays.stream(values()).map(Operation::word).collect(Collectors.joining(", ")) + ")");
  }
}
