package org.editrl.world.gen;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The held-out compositions: attribute × operation pairs that the train split never contains
 * and every held-out task contains at least one of. Each held-out pair's parts all occur in
 * train in other combinations (purple is a recolour target for circles, squares and diamonds;
 * triangles are recoloured to the other seven colours), so a policy can reach them by
 * composition — that is what the held-out reward measures.
 *
 * <p>Background colours have knowledge words ("sand") only in background edits, so no
 * background concept is held out (it would be an unseen word, not an unseen composition); shape
 * concepts occur both in reshapes and in adds ("add a small red shape like a kite").
 *
 * <p>Keys are written by {@link Edit#keys} ("recolour:triangle>purple") and by the task
 * generator for knowledge phrasings ("concept:recolour:the sea").
 */
public final class Compositions {
  /** The held-out keys. Changing this set changes both splits. */
  public static final Set<String> HELDOUT = Set.of(
      // a Latin-square choice: each kind once, each colour at most once
      "recolour:triangle>purple",
      "recolour:circle>orange",
      "recolour:square>yellow",
      "recolour:diamond>green",
      "move:circle>bottom right",
      "move:square>top left",
      "move:triangle>centre",
      "move:diamond>top right",
      "add:red diamond",
      "add:blue triangle",
      "add:white circle",
      "add:black square",
      "remove:yellow circle",
      "remove:green triangle",
      "remove:purple square",
      "remove:orange diamond",
      "resize:triangle>large",
      "resize:square>small",
      "reshape:circle>triangle",
      "reshape:square>diamond",
      "reshape:diamond>circle",
      "background:grey>brown",
      "concept:recolour:the sea",
      "concept:recolour:a pumpkin",
      "concept:add:snow",
      "concept:reshape:a kite");

  private Compositions() {}

  public static boolean isHeldout(String key) {
    return HELDOUT.contains(key);
  }

  /** The held-out keys among {@code keys}, sorted. */
  public static Set<String> heldoutAmong(Collection<String> keys) {
    Set<String> out = new TreeSet<>();
    for (String k : keys) {
      if (HELDOUT.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
