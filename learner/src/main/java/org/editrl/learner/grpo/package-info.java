/**
 * GRPO for flow editing: the Dense GRPO and per-step GRPO objectives over SDE windows, and the
 * learner that turns scored groups into adapter updates (advantages, inner epochs, gradient
 * accumulation, global-norm clipping, AdamW with warmup + cosine).
 */
package org.editrl.learner.grpo;
