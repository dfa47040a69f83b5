/**
 * Advantage estimators for GRPO over a batch of B tasks × G edits (DESIGN.md "Maths"):
 * batch-normalised (CogniEdit's default), group-normalised (per task), and the seed's literal
 * batch-mean form as an ablation; {@link org.editrl.learner.advantage.GroupSpread}, how much a
 * batch's groups differ in reward (the signal the advantages are made from); and the
 * {@link org.editrl.learner.advantage.Moments} both use.
 */
package org.editrl.learner.advantage;
