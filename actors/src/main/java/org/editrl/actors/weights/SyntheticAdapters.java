package org.editrl.actors.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.editrl.core.tensor.NamedTensor;

/**
 * Random fp32 adapters with the shapes of a real one (LoRA A/B pairs on each attention and MLP
 * projection of every block, plus per-layer soft tokens), for benchmarks and tests of the
 * transport. The values are noise; the layout is what matters.
 */
public final class SyntheticAdapters {
  private SyntheticAdapters() {}

  private static final String[] PROJECTIONS = {"q", "k", "v", "o", "mlp_in", "mlp_out"};

  /**
   * Adds blocks of LoRA pairs ({@code A: [rank, width]}, {@code B: [width, rank]}) for each
   * projection, and {@code soft_tokens: [tokens, width]} per block, until at least {@code
   * targetBytes} are reached.
   */
  public static List<NamedTensor> lora(long targetBytes, int width, int rank, int softTokens, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<NamedTensor> out = new ArrayList<>();
    long bytes = 0;
    for (int block = 0; bytes < targetBytes; block++) {
      for (String p : PROJECTIONS) {
        out.add(random(random, "blocks." + block + "." + p + ".lora_a", rank, width));
        out.add(random(random, "blocks." + block + "." + p + ".lora_b", width, rank));
        bytes += 2L * rank * width * 4;
      }
      out.add(random(random, "blocks." + block + ".soft_tokens", softTokens, width));
      bytes += (long) softTokens * width * 4;
    }
    return out;
  }

  private static NamedTensor random(SplittableRandom random, String name, int rows, int cols) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextDouble() * 0.02 - 0.01);
    }
    return NamedTensor.ofFloats(name, new long[] {rows, cols}, values);
  }
}
