package org.editrl.world;

import org.editrl.core.EnumNames;

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
    return EnumNames.parse(Category.class, text, "category", Category::word);
  }
}
