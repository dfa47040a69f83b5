/**
 * Training checkpoints: each a directory of files (adapter, optimiser moments, loop state) with a
 * manifest of their SHA-256s, written under a temporary name and renamed into place, verified on
 * load, the last N kept.
 */
package org.editrl.learner.checkpoint;
