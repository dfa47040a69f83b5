package org.editrl.core;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, reproducible seeds from a root seed and a stream name, so that every
 * random stream of a run (tasks, initial noise, SDE noise, window starts) is fixed by one seed and
 * adding a stream never shifts another.
 */
public final class Seeds {
  private Seeds() {}

  /** A seed for the named stream under {@code root}. */
  public static long derive(long root, String stream) {
    long h = root;
    for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xff));
    }
    return mix(h);
  }

  /** A seed for element {@code index} of the named stream under {@code root}. */
  public static long derive(long root, String stream, long index) {
    return mix(derive(root, stream) ^ mix(index + 0x632BE59BD9B4E019L));
  }

  /** SplitMix64's finaliser: a bijective avalanche on 64 bits. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
