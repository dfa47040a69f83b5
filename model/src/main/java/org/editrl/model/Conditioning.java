package org.editrl.model;

import ai.djl.ndarray.NDArray;

/**
 * What the policy is conditioned on, batched.
 *
 * @param source source images {@code [B,3,H,W]} float32 in [0, 1], or {@code null} for
 *     caption-only mode
 * @param tokens instruction word ids {@code [B,L]} int32, 0-padded (world's {@code Vocabulary})
 */
public record Conditioning(NDArray source, NDArray tokens) {}
