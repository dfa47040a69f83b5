package org.editrl.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses the name a config file or command line gives one of an enum's values. */
public final class ConfigNames {
  private ConfigNames() {}

  /**
   * The value whose name equals {@code text} (trimmed, any case).
   *
   * @param what what the value is, for the error ("objective", "advantage mode")
   * @throws UserError naming the valid values when none matches
   */
  public static <E extends Enum<E>> E parse(E[] values, Function<E, String> name, String what,
      String text) {
    String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (E v : values) {
      if (name.apply(v).equals(wanted)) {
        return v;
      }
    }
    throw new UserError("unknown " + what + " '" + text + "' (use one of "
        + Arrays.stream(values).map(name).collect(Collectors.joining(", ")) + ")");
  }
}
