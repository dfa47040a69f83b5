/**
 * Adapter weight broadcast over gRPC: the learner publishes each new adapter (an ordered list of
 * {@link org.editrl.core.tensor.NamedTensor}s: LoRA, soft tokens, focus predictor; never the
 * base) into a {@link org.editrl.actors.weights.WeightStore}; the {@link
 * org.editrl.actors.weights.WeightServer} serves manifests, chunked payloads and a subscription
 * that announces every new version; each rollout worker's {@link
 * org.editrl.actors.weights.WeightSubscriber} fetches, verifies (chunk layout, payload SHA-256, per-tensor
 * SHA-256 to name a damaged tensor, base id) and stages versions, which the worker swaps in between groups.
 *
 * <p>The wire contract is {@code proto/src/main/proto/editrl/v1/weights.proto}. A payload is the
 * tensors' little-endian bytes concatenated in manifest order; chunk {@code i} covers bytes
 * {@code [i·chunk_bytes, min((i+1)·chunk_bytes, total_bytes))}.
 */
package org.editrl.actors.weights;
