package org.editrl.world.scene;

import org.editrl.core.EnumNames;

/** The four shape kinds; each is drawn centred in its grid cell. */
public enum ShapeKind {
  CIRCLE("circle", "circles"),
  SQUARE("square", "squares"),
  TRIANGLE("triangle", "triangles"),
  DIAMOND("diamond", "diamonds");

  private final String word;
  private final String plural;

  ShapeKind(String word, String plural) {
    this.word = word;
    this.plural = plural;
  }

  /** The noun in instructions and captions ("circle"). */
  public String word() {
    return word;
  }

  /** The plural noun ("circles"). */
  public String plural() {
    return plural;
  }

  /** Parses "circle" / "CIRCLE"; throws {@link org.editrl.core.UserError} naming the valid kinds. */
  public static ShapeKind parse(String text) {
    return EnumNames.parse(ShapeKind.class, text, "shape kind", ShapeKind::word);
  }
}
