/**
 * Flow-matching pretraining of the base {@link org.editrl.model.EditPolicy} on the world's train
 * split (simple phrasings, plus caption-only batches), and its held-out evaluation against the
 * identity edit.
 */
package org.editrl.learner.pretrain;
