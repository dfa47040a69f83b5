package org.editrl.actors.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.editrl.proto.EditTask;
import org.editrl.proto.TaskLease;

/**
 * Who holds which task, and what became of every task handed out. Not thread-safe: the
 * Coordinator actor owns it. Every state change is reported to a journal consumer first, so the
 * journal (an append-only JSONL file) is enough to rebuild the ledger after a crash.
 *
 * <p>A task's life: {@code leased} (a rollout worker has it) → {@code delivered} (the learner
 * admitted its scored group into a batch) → {@code trained} (the batch was applied at a step).
 * A lease that expires, a worker that is lost, a stale or failed group: the task is
 * {@code requeued} and handed out again before any new task. The number of live leases is
 * capped, which bounds how far rollouts can run ahead of the learner.
 */
public final class TaskLedger {
  private final TaskSource source;
  private final long leaseMillis;
  private final int maxInFlight;
  private final Consumer<LedgerEvent> journal;

  private long cursor;
  private final Deque<Long> requeued = new ArrayDeque<>();
  private final Map<String, Lease> leases = new LinkedHashMap<>();
  private final Map<String, Long> delivered = new HashMap<>();
  private final Map<Long, Integer> attempts = new HashMap<>();
  private final Set<Long> trained = new HashSet<>();

  /** A live lease. */
  private record Lease(String leaseId, long ordinal, String taskId, String worker, long deadlineMs) {}

  /**
   * @param leaseMillis how long a worker may hold a task before it is requeued
   * @param maxInFlight the most leases live at once
   * @param journal receives every event before the ledger acts on it
   */
  public TaskLedger(TaskSource source, long leaseMillis, int maxInFlight, Consumer<LedgerEvent> journal) {
    if (leaseMillis <= 0 || maxInFlight <= 0) {
      throw new IllegalArgumentException("lease time and max in-flight must be positive");
    }
    this.source = source;
    this.leaseMillis = leaseMillis;
    this.maxInFlight = maxInFlight;
    this.journal = journal;
  }

  /**
   * Rebuilds a ledger from a journal after a restart. Tasks trained at a step ≤
   * {@code checkpointStep} stay done; every other task handed out before the crash is requeued
   * (reason {@code resumed}), in stream order, ahead of new tasks. Tasks trained after the
   * checkpoint are trained again: their updates were lost with the learner (the documented
   * at-least-once window).
   */
  public static TaskLedger recover(
      TaskSource source,
      long leaseMillis,
      int maxInFlight,
      Consumer<LedgerEvent> journal,
      List<LedgerEvent> history,
      long checkpointStep,
      long nowMs) {
    TaskLedger ledger = new TaskLedger(source, leaseMillis, maxInFlight, journal);
    TreeSet<Long> handedOut = new TreeSet<>();
    Map<Long, String> ids = new HashMap<>();
    for (LedgerEvent e : history) {
      handedOut.add(e.ordinal());
      ids.put(e.ordinal(), e.taskId());
      if (e.kind().equals(LedgerEvent.LEASED)) {
        ledger.attempts.merge(e.ordinal(), 1, Integer::sum);
      }
      if (e.kind().equals(LedgerEvent.TRAINED) && e.step() != null && e.step() <= checkpointStep) {
        ledger.trained.add(e.ordinal());
      }
    }
    ledger.cursor = handedOut.isEmpty() ? 0 : handedOut.last() + 1;
    for (long ordinal : handedOut) {
      if (!ledger.trained.contains(ordinal)) {
        ledger.journal.accept(event(LedgerEvent.REQUEUED, ordinal, ids.get(ordinal), null, null,
            null, RequeueReason.RESUMED.label(), nowMs));
        ledger.requeued.add(ordinal);
      }
    }
    return ledger;
  }

  /**
   * Hands the worker a task under a new lease, or empty when the in-flight cap is reached. The
   * cap counts every task not yet trained: live leases and groups delivered to the learner but
   * not yet applied. Counting only live leases let rollouts run batches ahead of the learner,
   * and the groups then went stale before they were trained (wasted rollout and judge work).
   */
  public Optional<TaskLease> lease(String worker, long nowMs) {
    if (leases.size() + delivered.size() >= maxInFlight) {
      return Optional.empty();
    }
    long ordinal = requeued.isEmpty() ? cursor++ : requeued.poll();
    EditTask task = source.task(ordinal);
    int attempt = attempts.merge(ordinal, 1, Integer::sum);
    String leaseId = task.getTaskId() + "#" + attempt;
    long deadline = nowMs + leaseMillis;
    journal.accept(event(LedgerEvent.LEASED, ordinal, task.getTaskId(), leaseId, worker, null, null, nowMs));
    leases.put(leaseId, new Lease(leaseId, ordinal, task.getTaskId(), worker, deadline));
    return Optional.of(
        TaskLease.newBuilder().setTask(task).setLeaseId(leaseId).setDeadlineUnixMs(deadline).build());
  }

  /**
   * The learner admitted the lease's group into a batch. Returns false if the lease is no longer
   * live (it expired and the task was requeued): the learner must then discard the group, or the
   * task would be trained twice.
   */
  public boolean deliver(String leaseId, long nowMs) {
    Lease lease = leases.get(leaseId);
    if (lease == null) {
      return false;
    }
    journal.accept(event(LedgerEvent.DELIVERED, lease.ordinal(), lease.taskId(), leaseId, null, null, null, nowMs));
    leases.remove(leaseId);
    delivered.put(leaseId, lease.ordinal());
    return true;
  }

  /** The delivered groups of these leases were applied at {@code step}. */
  public void trained(List<String> leaseIds, long step, long nowMs) {
    for (String leaseId : leaseIds) {
      Long ordinal = delivered.get(leaseId);
      if (ordinal == null) {
        throw new IllegalStateException("lease " + leaseId + " was not delivered, cannot be trained");
      }
      journal.accept(event(LedgerEvent.TRAINED, ordinal, source.task(ordinal).getTaskId(), leaseId,
          null, step, null, nowMs));
      delivered.remove(leaseId);
      trained.add(ordinal);
    }
  }

  /**
   * Returns a live or delivered lease's task to the queue. Returns false if the lease is unknown
   * (already requeued or trained), which makes the call idempotent.
   */
  public boolean requeue(String leaseId, RequeueReason reason, long nowMs) {
    Lease lease = leases.get(leaseId);
    Long ordinal = lease != null ? Long.valueOf(lease.ordinal()) : delivered.get(leaseId);
    if (ordinal == null) {
      return false;
    }
    String taskId = lease != null ? lease.taskId() : source.task(ordinal).getTaskId();
    journal.accept(event(LedgerEvent.REQUEUED, ordinal, taskId, leaseId, null, null, reason.label(), nowMs));
    leases.remove(leaseId);
    delivered.remove(leaseId);
    requeued.add(ordinal);
    return true;
  }

  /** Requeues every lease past its deadline; returns their lease ids. */
  public List<String> expire(long nowMs) {
    List<String> expired = new ArrayList<>();
    for (Lease l : leases.values()) {
      if (l.deadlineMs() <= nowMs) {
        expired.add(l.leaseId());
      }
    }
    expired.forEach(id -> requeue(id, RequeueReason.LEASE_EXPIRED, nowMs));
    return expired;
  }

  /** Requeues every live lease held by a worker that is gone; returns their lease ids. */
  public List<String> workerLost(String worker, long nowMs) {
    List<String> lost = new ArrayList<>();
    for (Iterator<Lease> it = leases.values().iterator(); it.hasNext(); ) {
      Lease l = it.next();
      if (l.worker().equals(worker)) {
        lost.add(l.leaseId());
      }
    }
    lost.forEach(id -> requeue(id, RequeueReason.WORKER_LOST, nowMs));
    return lost;
  }

  /** The earliest deadline among live leases, if any (when to check for expiry next). */
  public Optional<Long> nextDeadline() {
    return leases.values().stream().map(Lease::deadlineMs).min(Comparator.naturalOrder());
  }

  /** Counts for metrics and the progress line. */
  public Snapshot snapshot() {
    return new Snapshot(cursor, leases.size(), delivered.size(), requeued.size(), trained.size());
  }

  /**
   * @param cursor next new task's position in the stream
   * @param inFlight live leases (being sampled or scored)
   * @param delivered admitted by the learner, not yet trained
   * @param queued requeued tasks waiting to be handed out again
   * @param trained tasks trained
   */
  public record Snapshot(long cursor, int inFlight, int delivered, int queued, int trained) {}

  private static LedgerEvent event(String kind, long ordinal, String taskId, String leaseId,
      String worker, Long step, String reason, long nowMs) {
    return new LedgerEvent(kind, ordinal, taskId, leaseId, worker, step, reason, nowMs);
  }
}
