package org.editrl.world;

import java.util.Locale;
import org.editrl.core.UserError;

/** Kris-Bench style category of an instruction. */
public enum Category {
  /** States the attribute directly: recolour, remove, add, move, resize, reshape, count. */
  FACTUAL("factual"),
  /** Needs world knowledge: "make the square the colour of grass". */
  CONCEPTUAL("conceptual"),
  /** Several steps or a reading of the scene first: "swap the colours of the two circles". */
  PROCEDURAL("procedural");

  private final String word;

  Category(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static Category parse(String text) {
    if (text != null) {
      String norm = text.strip().toLowerCase(Locale.ROOT);
      for (Category c : values()) {
        if (c.word.equals(norm)) {
          return c;
        }
      }
    }
    throw new UserError("unknown category '" + text + "' (valid: factual, conceptual, procedural)");
  }
}
