/**
 * Reward workers: score sampled groups with the configured judges (bounded concurrency, a timeout
 * per judge call) and forward the scored group to the learner; a group whose judge fails or hangs
 * is returned to the Coordinator for requeueing.
 */
package org.editrl.actors.reward;
