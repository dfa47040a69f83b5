/**
 * Composition roots of a run: the trainer node (Coordinator, Learner, WeightPublisher, gRPC
 * WeightService, plus local rollout and reward workers) and worker nodes that join it.
 */
package org.editrl.actors.node;
