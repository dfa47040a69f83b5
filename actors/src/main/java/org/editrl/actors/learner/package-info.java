/**
 * The learner actor (admits fresh groups, batches them, applies GRPO updates on the compute
 * executor, checkpoints) and the weight publisher that hands each new adapter version to the gRPC
 * WeightService.
 */
package org.editrl.actors.learner;
