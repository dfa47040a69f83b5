package org.editrl.rollout;

import org.editrl.core.EnumNames;
import org.editrl.core.Seeds;

/**
 * Where a group's SDE window of k steps lies on the T-step grid, i.e. how its start r is chosen.
 *
 * <p>{@link #UNIFORM} is CogniEdit's: r uniform in {@code [0, T − k]}, drawn per group, so over many
 * groups every step is trained. {@link #LAST} puts every window on the last k steps (r = T − k):
 * those steps decide the fine detail of the edit, and with {@link InitialNoise#SHARED} a group
 * then shares the ODE path up to there, so sampling it costs little more than one edit.
 * {@link #FIRST} puts it on the first k steps (r = 0), where the layout of the edit is decided.
 * Per-step GRPO's window covers the whole grid, so the placement does not matter to it.
 */
public enum WindowPlacement {
  /** r uniform in [0, T − k], drawn per group from the run seed. */
  UNIFORM("uniform"),
  /** r = 0: the window on the first k steps (nearest the noise). */
  FIRST("first"),
  /** r = T − k: the window on the last k steps (nearest the image). */
  LAST("last");

  private final String configName;

  WindowPlacement(String configName) {
    this.configName = configName;
  }

  /** The name used in config files and on the command line. */
  public String configName() {
    return configName;
  }

  /**
   * The window start r for a grid of {@code steps} and a window of {@code windowLength}; {@code
   * seed} is used only by {@link #UNIFORM}.
   */
  public int windowStart(long seed, int steps, int windowLength) {
    if (windowLength < 1 || windowLength > steps) {
      throw new IllegalArgumentException("window length " + windowLength + " does not fit " + steps + " steps");
    }
    int latest = steps - windowLength;
    return switch (this) {
      case UNIFORM -> (int) Math.floorMod(Seeds.derive(seed, "window-start"), (long) latest + 1);
      case FIRST -> 0;
      case LAST -> latest;
    };
  }

  public static WindowPlacement parse(String name) {
    return EnumNames.parse(WindowPlacement.class, name, "window placement",
        WindowPlacement::configName);
  }
}
