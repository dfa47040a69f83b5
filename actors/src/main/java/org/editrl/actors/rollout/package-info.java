/**
 * Rollout workers: pull leased tasks from the Coordinator, sample a group with the newest adapter
 * they hold (swapped only between groups) and send it, tagged with its policy version, to a reward
 * worker.
 */
package org.editrl.actors.rollout;
