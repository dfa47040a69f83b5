package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Dynamic Token Focus Relocation (CogniEdit), DESIGN.md "Maths": ξ soft tokens {@code s} replace
 * the instruction span {@code [pos, pos+ξ)}. With a distribution π over the L−ξ+1 start
 * positions the expected substitution is
 * {@code h' = (1−m)⊙h + Σ_pos π(pos)·place(s, pos)}, {@code m_j = Σ_pos π(pos)·1[pos ≤ j < pos+ξ]},
 * which equals the hard substitution when π is one-hot and gives the predictor a gradient.
 */
public final class TokenFocus {
  private TokenFocus() {}

  /** {@code W[j, pos] = 1[pos ≤ j < pos+ξ]}, {@code [L, L−ξ+1]}. */
  public static NDArray windowMatrix(NDManager m, int length, int xi) {
    int positions = length - xi + 1;
    float[] w = new float[length * positions];
    for (int pos = 0; pos < positions; pos++) {
      for (int j = pos; j < pos + xi; j++) {
        w[j * positions + pos] = 1f;
      }
    }
    return m.create(w).reshape(length, positions);
  }

  /** {@code P[pos, k·L + j] = 1[j = pos+k]}, {@code [L−ξ+1, ξ·L]}: where soft token k lands. */
  public static NDArray placementMatrix(NDManager m, int length, int xi) {
    int positions = length - xi + 1;
    float[] p = new float[positions * xi * length];
    for (int pos = 0; pos < positions; pos++) {
      for (int k = 0; k < xi; k++) {
        p[pos * xi * length + k * length + pos + k] = 1f;
      }
    }
    return m.create(p).reshape(positions, (long) xi * length);
  }

  /**
   * Start-position logits per layer, {@code [B, layers, L−ξ+1]}: each token scores itself per
   * layer ({@code h·W}), a window scores the sum of its tokens; windows that cover padding are
   * masked (if none is free of padding, all are equally masked and π is uniform).
   *
   * @param h encoded instruction {@code [B, L, d]}
   * @param predictor {@code [d, layers]}
   * @param tokens word ids {@code [B, L]} (0 = padding)
   */
  public static NDArray positionLogits(NDArray h, NDArray predictor, NDArray tokens, int xi) {
    NDManager m = h.getManager();
    int length = (int) h.getShape().get(1);
    NDArray window = windowMatrix(m, length, xi);
    NDArray scores = h.matMul(predictor).transpose(0, 2, 1).matMul(window);
    NDArray realTokens = tokens.neq(0).toType(DataType.FLOAT32, false);
    NDArray covered = realTokens.matMul(window);
    NDArray blocked = covered.lt(xi - 0.5f).toType(DataType.FLOAT32, false).mul(Ops.MASKED);
    return scores.add(blocked.expandDims(1));
  }

  /** π from logits {@code [B, layers, P]}: softmax, or the one-hot argmax. */
  public static NDArray distribution(NDArray logits, boolean argmax) {
    if (!argmax) {
      return logits.softmax(-1);
    }
    int positions = (int) logits.getShape().get(2);
    return logits.argMax(-1).oneHot(positions, DataType.FLOAT32);
  }

  /**
   * The expected substitution.
   *
   * @param h {@code [B, L, d]}
   * @param pi {@code [B, L−ξ+1]}, rows summing to 1
   * @param soft {@code [ξ, d]}
   * @return {@code [B, L, d]}
   */
  public static NDArray expected(NDArray h, NDArray pi, NDArray soft) {
    NDManager m = h.getManager();
    long b = h.getShape().get(0);
    int length = (int) h.getShape().get(1);
    int xi = (int) soft.getShape().get(0);
    // coefficient[b, k, j] = Σ_pos π[b,pos]·1[j = pos+k]
    NDArray coefficient = pi.matMul(placementMatrix(m, length, xi)).reshape(b, xi, length);
    NDArray covered = coefficient.sum(new int[] {1}).expandDims(2);
    NDArray placed = coefficient.transpose(0, 2, 1).matMul(soft);
    return h.sub(h.mul(covered)).add(placed);
  }

  /** The hard substitution of {@code soft} at {@code positions[b]} (reference for tests). */
  public static NDArray place(NDArray h, int[] positions, NDArray soft) {
    int length = (int) h.getShape().get(1);
    int xi = (int) soft.getShape().get(0);
    NDList rows = new NDList();
    for (int b = 0; b < positions.length; b++) {
      int pos = positions[b];
      NDArray row = h.get(new NDIndex("{}", b));
      NDArray spliced =
          NDArrays.concat(
              new NDList(
                  row.get(new NDIndex("0:{}", pos)),
                  soft,
                  row.get(new NDIndex("{}:{}", pos + xi, length))),
              0);
      rows.add(spliced);
    }
    return NDArrays.stack(rows, 0);
  }
}
