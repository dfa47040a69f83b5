package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The network's building blocks as pure NDArray functions. Every op keeps the activation as its
 * first operand and parameters second, so intermediates land in the activation's (per-call)
 * manager and never in the policy's.
 */
final class Ops {
  /** Added to attention logits of masked keys; finite so an all-masked row stays finite. */
  static final float MASKED = -1e9f;

  private Ops() {}

  /** {@code x·W + b}, x {@code [..., in]}, W {@code [in, out]}. */
  static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return x.matMul(w).add(b);
  }

  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  static NDArray gelu(NDArray x) {
    return Activation.gelu(x);
  }

  /** Layer norm over the last axis without affine parameters (adaLN supplies them). */
  static NDArray layerNorm(NDArray x) {
    NDArray centred = x.sub(x.mean(new int[] {-1}, true));
    NDArray var = centred.square().mean(new int[] {-1}, true);
    return centred.div(var.add(1e-5f).sqrt());
  }

  /** Layer norm with a learned gain and bias. */
  static NDArray layerNorm(NDArray x, NDArray gain, NDArray bias) {
    return layerNorm(x).mul(gain).add(bias);
  }

  /** adaLN modulation: {@code x·(1 + scale) + shift}, scale/shift {@code [B, d]}. */
  static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
    return x.mul(scale.expandDims(1).add(1f)).add(shift.expandDims(1));
  }

  /** {@code [B, n, d]} → {@code [B, heads, n, d/heads]}. */
  static NDArray splitHeads(NDArray x, int heads) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
  }

  /** {@code [B, heads, n, dh]} → {@code [B, n, heads·dh]}. */
  static NDArray mergeHeads(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
  }

  /**
   * Scaled dot-product attention on split heads.
   *
   * @param keyMask additive mask broadcastable to {@code [B, heads, nq, nk]}, or null
   */
  static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray keyMask) {
    double scale = 1.0 / Math.sqrt(q.getShape().get(3));
    NDArray logits = Scalars.times(q.matMul(k.transpose(0, 1, 3, 2)), scale);
    if (keyMask != null) {
      logits = logits.add(keyMask);
    }
    return logits.softmax(-1).matMul(v);
  }

  /** {@code [B,3,H,W]} → {@code [B, (H/p)(W/p), 3p²]}, patches in row-major order. */
  static NDArray patchify(NDArray x, int p) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long gh = s.get(2) / p;
    long gw = s.get(3) / p;
    return x.reshape(b, c, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5).reshape(b, gh * gw, c * p * p);
  }

  /** Inverse of {@link #patchify}. */
  static NDArray unpatchify(NDArray tokens, int p, int imageSize) {
    long b = tokens.getShape().get(0);
    long g = imageSize / p;
    return tokens.reshape(b, g, g, 3, p, p).transpose(0, 3, 1, 4, 2, 5).reshape(b, 3, imageSize, imageSize);
  }

  /** Sinusoidal embedding of {@code 1000·t}, {@code [B]} → {@code [B, dim]} (cos half, sin half). */
  static NDArray timestepEmbedding(NDManager m, NDArray t, int dim) {
    int half = dim / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
    }
    NDArray args = t.reshape(-1, 1).mul(1000f).mul(m.create(freqs).reshape(1, half));
    return args.cos().concat(args.sin(), 1);
  }

  /** An additive key mask {@code [B,1,1,L]} that hides padding (token id 0). */
  static NDArray paddingMask(NDArray tokens) {
    return tokens.eq(0).toType(Parameters.type(), false).mul(MASKED).expandDims(1).expandDims(1);
  }
}
