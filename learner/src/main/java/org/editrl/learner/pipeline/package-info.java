/**
 * The three stages of RL for editing — rollout, reward, learn — as the synchronous loop and the
 * asynchronous actor runtime both drive them, and the bookkeeping between them: which scored
 * groups may enter a batch (staleness) and when a batch is full.
 */
package org.editrl.learner.pipeline;
