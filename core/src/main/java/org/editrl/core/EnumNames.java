package org.editrl.core;

import java.util.Locale;
import java.util.function.Function;

/**
 * Parses the name a user gives one of an enum's values: a config value ("per-step"), a command
 * line word ("heldout") or a phrase of the editing world ("top left", also written "top_left").
 */
public final class EnumNames {
  private EnumNames() {}

  /**
   * The constant whose name equals {@code text} trimmed, in any case, with underscores read as
   * spaces.
   *
   * @param what what the value is, for the error ("objective", "colour")
   * @param name the name each constant is written with
   * @throws UserError naming the valid names when none matches
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what,
      Function<E, String> name) {
    if (text != null) {
      String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', ' ');
      for (E e : type.getEnumConstants()) {
        if (name.apply(e).equals(wanted)) {
          return e;
        }
      }
    }
    StringBuilder valid = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      valid.append(valid.length() == 0 ? "" : ", ").append(name.apply(e));
    }
    throw new UserError("unknown " + what + " '" + text + "' (valid: " + valid + ")");
  }
}
