package org.editrl.actors.coordinator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the ledger journal ({@code ledger.jsonl}). {@code kind} is one of {@code leased},
 * {@code delivered}, {@code trained}, {@code requeued}; {@code reason} is set for requeues,
 * {@code step} for trained tasks, {@code worker} for leases.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEvent(
    String kind,
    long ordinal,
    String taskId,
    String leaseId,
    String worker,
    Long step,
    String reason,
    long timeMs) {

  public static final String LEASED = "leased";
  public static final String DELIVERED = "delivered";
  public static final String TRAINED = "trained";
  public static final String REQUEUED = "requeued";
}
