package org.editrl.world.scene;

import java.util.Locale;
import org.editrl.core.UserError;

/** Parsing of the phrases that name enum constants ("top left", "top_left", "TOP_LEFT"). */
final class Words {
  private Words() {}

  static <E extends Enum<E>> E parse(Class<E> type, String text, String what,
      java.util.function.Function<E, String> word) {
    if (text != null) {
      String norm = text.strip().toLowerCase(Locale.ROOT).replace('_', ' ');
      for (E e : type.getEnumConstants()) {
        if (word.apply(e).equals(norm)) {
          return e;
        }
      }
    }
    StringBuilder valid = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      valid.append(valid.length() == 0 ? "" : ", ").append(word.apply(e));
    }
    throw new UserError("unknown " + what + " '" + text + "' (valid: " + valid + ")");
  }
}
