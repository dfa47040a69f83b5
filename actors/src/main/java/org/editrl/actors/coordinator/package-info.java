/**
 * The Coordinator: hands out editing tasks to rollout workers under leases and keeps a ledger of
 * every task's fate (leased, delivered to the learner, trained, requeued), so that a lost worker
 * or an expired lease never loses a task. {@link org.editrl.actors.coordinator.TaskLedger} holds
 * the logic; the actor only translates messages.
 */
package org.editrl.actors.coordinator;
