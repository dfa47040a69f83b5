package org.editrl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class TokenFocusTest {
  @Test
  void expectationWithOneHotPiEqualsHardPlacement() {
    int length = 7;
    int xi = 3;
    int positions = length - xi + 1;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = Fixtures.uniform(m, 1, 3, length, 5);
      NDArray soft = Fixtures.uniform(m, 2, xi, 5).add(10f);
      int[] chosen = {0, 2, positions - 1};
      NDArray pi = m.create(chosen).toType(DataType.INT64, false).oneHot(positions, DataType.FLOAT32);
      float[] expected = TokenFocus.expected(h, pi, soft).toFloatArray();
      float[] hard = TokenFocus.place(h, chosen, soft).toFloatArray();
      assertThat(expected).containsExactly(hard);
    }
  }

  @Test
  void expectationMixesPlacementsLinearly() {
    int length = 6;
    int xi = 2;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = Fixtures.uniform(m, 3, 1, length, 4);
      NDArray soft = Fixtures.uniform(m, 4, xi, 4);
      float[] pi = {0.25f, 0f, 0.75f, 0f, 0f};
      float[] mixed = TokenFocus.expected(h, m.create(pi).reshape(1, 5), soft).toFloatArray();
      float[] at0 = TokenFocus.place(h, new int[] {0}, soft).toFloatArray();
      float[] at2 = TokenFocus.place(h, new int[] {2}, soft).toFloatArray();
      for (int i = 0; i < mixed.length; i++) {
        assertThat(mixed[i]).isCloseTo(0.25f * at0[i] + 0.75f * at2[i], org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
  }

  @Test
  void windowsOverPaddingAreMasked() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray h = Fixtures.uniform(m, 5, 1, 6, 4);
      NDArray predictor = Fixtures.uniform(m, 6, 4, 1);
      NDArray tokens = m.create(new int[] {5, 6, 7, 0, 0, 0}).reshape(1, 6);
      float[] pi = TokenFocus.distribution(TokenFocus.positionLogits(h, predictor, tokens, 2), false)
          .toFloatArray();
      assertThat(pi).hasSize(5);
      assertThat(pi[0] + pi[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(pi[2]).isZero();
    }
  }
}
