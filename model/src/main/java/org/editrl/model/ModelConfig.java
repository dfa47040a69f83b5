package org.editrl.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;

/**
 * The architecture of an {@link EditPolicy}: everything that fixes the parameter names and
 * shapes, plus the two inference knobs (λ and the focus mode) and the LoRA scale.
 *
 * @param imageSize square image side H = W in pixels
 * @param patchSize patch side p; the image becomes (H/p)² tokens
 * @param width transformer width d
 * @param depth number of editing blocks (each has its own soft tokens and LoRA)
 * @param heads attention heads (width must be divisible by heads)
 * @param vocabSize instruction vocabulary size (world {@code Vocabulary.size()})
 * @param maxTokens instruction length L the encoder sees (0-padded)
 * @param imageCrossAttentionScale λ in {@code Z = Attn(Q,K_txt,V_txt) + λ·Attn(Q,K_img,V_img)}
 * @param focusTokens ξ, soft tokens per layer (Dynamic Token Focus)
 * @param focusInference "expectation" (soft placement, differentiable) or "argmax" (hard)
 * @param loraRank LoRA rank r
 * @param loraAlpha LoRA alpha; the update is scaled by alpha / r
 * @param loraTargets which linear maps carry LoRA ({@code null}: a manifest written before the
 *     setting existed, which means {@link LoraTargets#ATTENTION})
 */
public record ModelConfig(
    int imageSize,
    int patchSize,
    int width,
    int depth,
    int heads,
    int vocabSize,
    int maxTokens,
    float imageCrossAttentionScale,
    int focusTokens,
    String focusInference,
    int loraRank,
    float loraAlpha,
    LoraTargets loraTargets) {

  public static final String EXPECTATION = "expectation";
  public static final String ARGMAX = "argmax";

  public ModelConfig {
    require(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
        "imageSize " + imageSize + " must be a positive multiple of patchSize " + patchSize);
    require(width > 0 && heads > 0 && width % heads == 0,
        "width " + width + " must be a positive multiple of heads " + heads);
    require(depth > 0, "depth must be positive, got " + depth);
    require(vocabSize > 2, "vocabSize must exceed 2 (<pad>, <unk>), got " + vocabSize);
    require(focusTokens > 0 && maxTokens >= focusTokens,
        "need 0 < focusTokens (" + focusTokens + ") <= maxTokens (" + maxTokens + ")");
    require(EXPECTATION.equals(focusInference) || ARGMAX.equals(focusInference),
        "focusInference must be 'expectation' or 'argmax', got '" + focusInference + "'");
    require(loraRank > 0, "loraRank must be positive, got " + loraRank);
    if (loraTargets == null) {
      loraTargets = LoraTargets.ATTENTION;
    }
  }

  /** The default size (DESIGN.md prototype): 32×32, patch 4 → 64 tokens, width 128, depth 4. */
  public static ModelConfig defaults(int vocabSize) {
    return new ModelConfig(32, 4, 128, 4, 4, vocabSize, 24, 1.0f, 2, EXPECTATION, 4, 4f,
        LoraTargets.ATTENTION);
  }

  /** A tiny network for tests and {@code --preset smoke}. */
  public static ModelConfig smoke(int vocabSize) {
    return new ModelConfig(32, 8, 32, 2, 2, vocabSize, 24, 1.0f, 2, EXPECTATION, 4, 4f,
        LoraTargets.ATTENTION);
  }

  /** Tokens per image, (H/p)². */
  public int imageTokens() {
    int side = imageSize / patchSize;
    return side * side;
  }

  /** Values per patch, 3·p². */
  public int patchValues() {
    return 3 * patchSize * patchSize;
  }

  /** Focus start positions per layer, L − ξ + 1. */
  public int focusPositions() {
    return maxTokens - focusTokens + 1;
  }

  public float loraScale() {
    return loraAlpha / loraRank;
  }

  /** The same architecture with another focus inference mode. */
  public ModelConfig withFocusInference(String mode) {
    return new ModelConfig(imageSize, patchSize, width, depth, heads, vocabSize, maxTokens,
        imageCrossAttentionScale, focusTokens, mode, loraRank, loraAlpha, loraTargets);
  }

  /** The same network with LoRA on other linear maps (the adapter's tensors change). */
  public ModelConfig withLoraTargets(LoraTargets targets) {
    return new ModelConfig(imageSize, patchSize, width, depth, heads, vocabSize, maxTokens,
        imageCrossAttentionScale, focusTokens, focusInference, loraRank, loraAlpha, targets);
  }

  /**
   * The same network with LoRA of rank {@code rank}. Alpha grows with √(rank / r), so the
   * scale alpha / r shrinks with 1/√ of the rank ratio: an Adam step moves every entry of B by
   * about the learning rate, and the change of A·B that gives grows with √r, so this keeps the
   * first updates as large as at rank r (rank-stabilised scaling) and a rank can be tried
   * without re-tuning the learning rate.
   */
  public ModelConfig withLoraRank(int rank) {
    float alpha = (float) (loraAlpha * Math.sqrt((double) rank / loraRank));
    return new ModelConfig(imageSize, patchSize, width, depth, heads, vocabSize, maxTokens,
        imageCrossAttentionScale, focusTokens, focusInference, rank, alpha, loraTargets);
  }

  /**
   * True when parameters of {@code other} fit this network (names and shapes): everything but
   * λ, the focus mode and alpha.
   */
  public boolean sameArchitecture(ModelConfig other) {
    return imageSize == other.imageSize && patchSize == other.patchSize && width == other.width
        && depth == other.depth && heads == other.heads && vocabSize == other.vocabSize
        && maxTokens == other.maxTokens && focusTokens == other.focusTokens
        && loraRank == other.loraRank && loraTargets == other.loraTargets;
  }

  public String toJson() {
    ObjectNode o = JsonLines.MAPPER.createObjectNode();
    o.put("imageSize", imageSize);
    o.put("patchSize", patchSize);
    o.put("width", width);
    o.put("depth", depth);
    o.put("heads", heads);
    o.put("vocabSize", vocabSize);
    o.put("maxTokens", maxTokens);
    o.put("imageCrossAttentionScale", imageCrossAttentionScale);
    o.put("focusTokens", focusTokens);
    o.put("focusInference", focusInference);
    o.put("loraRank", loraRank);
    o.put("loraAlpha", loraAlpha);
    o.put("loraTargets", loraTargets.configName());
    return JsonLines.toLine(o);
  }

  /** Parses {@link #toJson()}; UserError on a missing key or bad value. */
  public static ModelConfig fromJson(String json) {
    JsonNode o;
    try {
      o = JsonLines.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserError("model config is not JSON: " + e.getOriginalMessage());
    }
    return fromJson(o);
  }

  public static ModelConfig fromJson(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new UserError("model config must be a JSON object");
    }
    try {
      return new ModelConfig(
          intKey(o, "imageSize"), intKey(o, "patchSize"), intKey(o, "width"), intKey(o, "depth"),
          intKey(o, "heads"), intKey(o, "vocabSize"), intKey(o, "maxTokens"),
          (float) key(o, "imageCrossAttentionScale").asDouble(), intKey(o, "focusTokens"),
          key(o, "focusInference").asText(), intKey(o, "loraRank"),
          (float) key(o, "loraAlpha").asDouble(),
          // absent in manifests written before the setting existed: those adapted attention only
          o.hasNonNull("loraTargets") ? LoraTargets.parse(o.get("loraTargets").asText()) : null);
    } catch (IllegalArgumentException e) {
      throw new UserError("invalid model config: " + e.getMessage());
    }
  }

  private static int intKey(JsonNode o, String k) {
    return key(o, k).asInt();
  }

  private static JsonNode key(JsonNode o, String k) {
    JsonNode v = o.get(k);
    if (v == null || v.isNull()) {
      throw new UserError("model config lacks '" + k + "'");
    }
    return v;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
