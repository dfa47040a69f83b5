package org.editrl.world.gen;

import java.util.List;

/** Number words of the grammar ("two", "three"). */
public final class Numbers {
  private static final List<String> WORDS =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

  private Numbers() {}

  public static String word(int n) {
    return WORDS.get(n);
  }

  /** Every number word, "zero" to "nine". */
  public static List<String> all() {
    return WORDS;
  }

  /** The value of a number word, or -1. */
  public static int value(String word) {
    return WORDS.indexOf(word);
  }
}
