/**
 * The synchronous training loop: rollout → score → update in one thread of control,
 * deterministic under a seed, with a run directory (metrics, plots, checkpoints) and exact resume.
 * It is the reference the asynchronous actor runtime is checked against.
 */
package org.editrl.learner.sync;
