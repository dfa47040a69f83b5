package org.editrl.actors.coordinator;

import org.editrl.proto.EditTask;

/**
 * An endless, deterministic stream of tasks: task {@code ordinal} is always the same task, so a
 * resumed run can regenerate any task from the ledger's cursor.
 */
@FunctionalInterface
public interface TaskSource {
  /** The task at this position of the stream (its {@code ordinal} field set to the position). */
  EditTask task(long ordinal);
}
