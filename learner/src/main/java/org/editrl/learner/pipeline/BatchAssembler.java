package org.editrl.learner.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.editrl.proto.ScoredGroup;

/**
 * Collects scored groups into batches of a fixed number of tasks, admitting a group only while
 * it is fresh: {@code learnerVersion − groupVersion ≤ maxStaleness} (AReaL-style staleness
 * control). A group waiting in the buffer can go stale when the learner moves on; it is dropped
 * then, not trained. Not thread-safe: one learner owns it.
 */
public final class BatchAssembler {
  private final int batchTasks;
  private final int maxStaleness;
  private final List<ScoredGroup> pending = new ArrayList<>();

  /** What became of an offered group. */
  public sealed interface Admission {
    /** The group waits in the buffer for its batch. */
    record Admitted() implements Admission {}

    /** The group is too old (or from the future) and must not be trained. */
    record Dropped(ScoredGroup group, String reason) implements Admission {}
  }

  public BatchAssembler(int batchTasks, int maxStaleness) {
    if (batchTasks < 1) {
      throw new IllegalArgumentException("a batch needs at least one task, got " + batchTasks);
    }
    if (maxStaleness < 0) {
      throw new IllegalArgumentException("max staleness must be ≥ 0, got " + maxStaleness);
    }
    this.batchTasks = batchTasks;
    this.maxStaleness = maxStaleness;
  }

  /** Versions a group's policy lags behind the learner's. */
  public static long staleness(ScoredGroup group, long learnerVersion) {
    return learnerVersion - group.getGroup().getPolicyVersion();
  }

  /** Offers a group sampled by some policy version to a learner now at {@code learnerVersion}. */
  public Admission offer(ScoredGroup group, long learnerVersion) {
    Optional<String> why = rejection(group, learnerVersion);
    if (why.isPresent()) {
      return new Admission.Dropped(group, why.get());
    }
    pending.add(group);
    return new Admission.Admitted();
  }

  /**
   * Takes a full batch if there is one, after dropping (into {@code dropped}) every pending
   * group that went stale while it waited.
   */
  public Optional<List<ScoredGroup>> takeBatch(long learnerVersion, List<Admission.Dropped> dropped) {
    pending.removeIf(g -> {
      Optional<String> why = rejection(g, learnerVersion);
      why.ifPresent(reason -> dropped.add(new Admission.Dropped(g, reason)));
      return why.isPresent();
    });
    if (pending.size() < batchTasks) {
      return Optional.empty();
    }
    List<ScoredGroup> batch = new ArrayList<>(pending.subList(0, batchTasks));
    pending.subList(0, batchTasks).clear();
    return Optional.of(batch);
  }

  /** Groups admitted and waiting for a batch. */
  public int pending() {
    return pending.size();
  }

  /** Removes and returns every waiting group (e.g. to requeue their tasks at shutdown). */
  public List<ScoredGroup> drain() {
    List<ScoredGroup> all = List.copyOf(pending);
    pending.clear();
    return all;
  }

  private Optional<String> rejection(ScoredGroup group, long learnerVersion) {
    long lag = staleness(group, learnerVersion);
    if (lag > maxStaleness) {
      return Optional.of("stale: sampled by version " + group.getGroup().getPolicyVersion()
          + ", learner at " + learnerVersion + " (max staleness " + maxStaleness + ")");
    }
    if (lag < 0) {
      return Optional.of("sampled by version " + group.getGroup().getPolicyVersion()
          + " that the learner (at " + learnerVersion + ") never published");
    }
    return Optional.empty();
  }
}
