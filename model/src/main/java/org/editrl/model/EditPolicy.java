package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.editrl.core.tensor.NamedTensor;

/**
 * The instruction-conditioned rectified-flow editing transformer (DESIGN.md), written
 * functionally: its parameters are named NDArrays it owns, the forward pass is plain NDArray
 * ops, so LoRA, merging, freezing and autograd are all explicit.
 *
 * <p>Per call: the noisy target and the source are patchified and concatenated along features
 * into image tokens; the time (plus a caption-mode flag) drives adaLN-Zero; each block has
 * self-attention, a cross-attention {@code Z = Attn(Q,K_txt,V_txt) + λ·Attn(Q,K_img,V_img)} to
 * the instruction and (decoupled) to the source-image tokens, and an MLP. Output is a residual
 * on the source: {@code x̂0 = src + net(…)} with the last layer zero-initialised, so a fresh
 * network is the identity edit; caption-only mode (source null) predicts {@code x̂0 = net(…)}.
 *
 * <p>The adapter (LoRA on every attention projection of the blocks, per-layer soft tokens, the
 * focus predictor and per-layer focus gates) is initialised so that it changes nothing: LoRA B
 * is zero and the focus gate is zero ({@code h_i = h + g_i·(focus_i(h) − h)}).
 *
 * <p>Intermediates of a call live in {@code xt}'s manager; close it (a per-step sub-manager)
 * after use. Not thread-safe.
 */
public final class EditPolicy implements VelocityField, AutoCloseable {
  /** Instruction encoder layers (fixed: not part of {@link ModelConfig}). */
  static final int TEXT_LAYERS = 2;

  private static final String[] SELF = {"q", "k", "v", "o"};
  private static final String[] CROSS = {"q", "k_txt", "v_txt", "k_img", "v_img", "o"};

  private final ModelConfig config;
  private final NDManager manager;
  private final Parameters base;
  private final Parameters adapter;
  private boolean adapterEnabled = true;

  private EditPolicy(ModelConfig config, NDManager manager) {
    this.config = config;
    this.manager = manager;
    this.base = new Parameters(manager);
    this.adapter = new Parameters(manager);
  }

  /** A freshly initialised policy (weights fixed by the seed), base and adapter frozen. */
  public static EditPolicy create(ModelConfig config, long seed) {
    EditPolicy p = new EditPolicy(config, NDManager.newBaseManager());
    p.initialise(new Random(seed));
    return p;
  }

  private void initialise(Random rng) {
    int d = config.width();
    int v = config.vocabSize();
    int l = config.maxTokens();
    int pv = config.patchValues();
    int n = config.imageTokens();
    base.normal("text.embed", rng, 0.02f, v, d);
    base.normal("text.pos", rng, 0.02f, l, d);
    for (int e = 0; e < TEXT_LAYERS; e++) {
      String pre = "text." + e + ".";
      base.ones(pre + "ln1.g", d);
      base.zeros(pre + "ln1.b", d);
      for (String proj : SELF) {
        linear(base, rng, pre + "attn." + proj, d, d);
      }
      base.ones(pre + "ln2.g", d);
      base.zeros(pre + "ln2.b", d);
      linear(base, rng, pre + "mlp.fc1", d, 2 * d);
      linear(base, rng, pre + "mlp.fc2", 2 * d, d);
    }
    base.ones("text.ln.g", d);
    base.zeros("text.ln.b", d);

    linear(base, rng, "patch", 2 * pv, d);
    base.normal("patch.pos", rng, 0.02f, n, d);
    linear(base, rng, "source", pv, d);
    base.normal("source.pos", rng, 0.02f, n, d);
    linear(base, rng, "time.fc1", d, d);
    linear(base, rng, "time.fc2", d, d);
    base.normal("mode.caption", rng, 0.02f, d);

    for (int i = 0; i < config.depth(); i++) {
      String pre = "block." + i + ".";
      base.zeros(pre + "ada.w", d, 9L * d);
      base.zeros(pre + "ada.b", 9L * d);
      for (String proj : SELF) {
        linear(base, rng, pre + "self." + proj, d, d);
      }
      for (String proj : CROSS) {
        linear(base, rng, pre + "cross." + proj, d, d);
      }
      linear(base, rng, pre + "mlp.fc1", d, 4 * d);
      linear(base, rng, pre + "mlp.fc2", 4 * d, d);
    }
    base.zeros("final.ada.w", d, 2L * d);
    base.zeros("final.ada.b", 2L * d);
    base.zeros("final.out.w", d, pv);
    base.zeros("final.out.b", pv);

    int r = config.loraRank();
    for (int i = 0; i < config.depth(); i++) {
      for (String proj : SELF) {
        lora(rng, "block." + i + ".self." + proj, d, d, r);
      }
      for (String proj : CROSS) {
        lora(rng, "block." + i + ".cross." + proj, d, d, r);
      }
    }
    for (int i = 0; i < config.depth(); i++) {
      adapter.normal("focus.tokens." + i, rng, 0.02f, config.focusTokens(), d);
      adapter.zeros("focus.gate." + i, 1);
    }
    adapter.normal("focus.predictor", rng, 0.02f, d, config.depth());
    // Created last, so the parameters above draw the same initial values for every target set.
    if (loraBeyondAttention()) {
      for (int i = 0; i < config.depth(); i++) {
        lora(rng, "block." + i + ".mlp.fc1", d, 4 * d, r);
        lora(rng, "block." + i + ".mlp.fc2", 4 * d, d, r);
        lora(rng, "block." + i + ".ada", d, 9 * d, r);
      }
      lora(rng, "final.ada", d, 2 * d, r);
      lora(rng, "final.out", d, pv, r);
    }
  }

  /** LoRA also on the blocks' MLPs and modulations and on the output ({@link LoraTargets#ALL}). */
  private boolean loraBeyondAttention() {
    return config.loraTargets() == LoraTargets.ALL;
  }

  private static void linear(Parameters ps, Random rng, String name, int in, int out) {
    ps.normal(name + ".w", rng, (float) Math.sqrt(1.0 / in), in, out);
    ps.zeros(name + ".b", out);
  }

  private void lora(Random rng, String name, int in, int out, int rank) {
    adapter.normal(name + ".lora_a", rng, (float) Math.sqrt(1.0 / in), in, rank);
    adapter.zeros(name + ".lora_b", rank, out);
  }

  public ModelConfig config() {
    return config;
  }

  public NDManager manager() {
    return manager;
  }

  public List<NDArray> baseParameters() {
    return base.arrays();
  }

  public List<NDArray> adapterParameters() {
    return adapter.arrays();
  }

  public List<String> baseParameterNames() {
    return base.names();
  }

  public List<String> adapterParameterNames() {
    return adapter.names();
  }

  /** Sets requiresGradient on the base and the adapter parameters. */
  public void setTrainable(boolean trainBase, boolean trainAdapter) {
    base.setRequiresGradient(trainBase);
    adapter.setRequiresGradient(trainAdapter);
  }

  /** False: LoRA and token focus are skipped, giving the frozen base (e.g. for a KL term). */
  public void setAdapterEnabled(boolean enabled) {
    this.adapterEnabled = enabled;
  }

  public boolean adapterEnabled() {
    return adapterEnabled;
  }

  public List<NamedTensor> adapterTensors() {
    return adapter.toTensors();
  }

  public List<NamedTensor> baseTensors() {
    return base.toTensors();
  }

  /** UserError on mismatched names or shapes. */
  public void loadAdapter(List<NamedTensor> tensors) {
    adapter.load(tensors, "adapter");
  }

  /**
   * Loads an adapter written for fewer LoRA targets: the LoRA tensors it lacks keep their current
   * values, which in a new policy are the initial ones (B = 0, so the network then computes what
   * the given adapter computes). Any other difference is a UserError, as in {@link #loadAdapter}.
   */
  public void loadNarrowerAdapter(List<NamedTensor> tensors) {
    adapter.load(tensors, "adapter", name -> name.endsWith(".lora_a") || name.endsWith(".lora_b"));
  }

  /** UserError on mismatched names or shapes. */
  public void loadBase(List<NamedTensor> tensors) {
    base.load(tensors, "base weights");
  }

  /** Number of scalars in the base and in the adapter. */
  public long[] parameterCounts() {
    return new long[] {count(base), count(adapter)};
  }

  private static long count(Parameters ps) {
    long n = 0;
    for (NDArray a : ps.arrays()) {
      n += a.size();
    }
    return n;
  }

  @Override
  public NDArray velocity(NDArray xt, NDArray t, Conditioning c) {
    NDArray x0 = predictX0(xt, t, c);
    return xt.sub(x0).div(local(xt.getManager(), t).reshape(-1, 1, 1, 1));
  }

  /** {@code x̂0 = src + net(x_t, t, c)}, or {@code net(…)} in caption-only mode. */
  public NDArray predictX0(NDArray xt, NDArray t, Conditioning c) {
    NDManager m = xt.getManager();
    NDArray time = local(m, t);
    NDArray tokens = local(m, c.tokens());
    NDArray source = c.source() == null ? null : local(m, c.source());
    int p = config.patchSize();

    NDArray text = encodeInstruction(tokens);
    NDArray textMask = Ops.paddingMask(tokens);
    NDArray cond = Ops.linear(Ops.timestepEmbedding(m, time, config.width()),
        base.get("time.fc1.w"), base.get("time.fc1.b"));
    cond = Ops.linear(Ops.silu(cond), base.get("time.fc2.w"), base.get("time.fc2.b"));
    if (source == null) {
      cond = cond.add(base.get("mode.caption"));
    }
    NDArray condAct = Ops.silu(cond);

    NDArray targetPatches = Ops.patchify(xt, p);
    NDArray sourcePatches = source == null ? targetPatches.zerosLike() : Ops.patchify(source, p);
    NDArray x = Ops.linear(targetPatches.concat(sourcePatches, 2), base.get("patch.w"),
        base.get("patch.b")).add(base.get("patch.pos"));
    NDArray image = source == null ? null
        : Ops.linear(sourcePatches, base.get("source.w"), base.get("source.b"))
            .add(base.get("source.pos"));

    NDArray pi = adapterEnabled ? focusDistribution(text, tokens) : null;
    for (int i = 0; i < config.depth(); i++) {
      NDArray context = adapterEnabled ? focus(text, pi, i) : text;
      x = block(i, x, condAct, context, textMask, image);
    }
    boolean wide = loraBeyondAttention();
    NDArray[] ada = project("final.ada", condAct, wide).split(2, 1).toArray(new NDArray[0]);
    NDArray out = project("final.out", Ops.modulate(Ops.layerNorm(x), ada[0], ada[1]), wide);
    NDArray net = Ops.unpatchify(out, p, config.imageSize());
    return source == null ? net : source.add(net);
  }

  /** The encoded instruction {@code [B, L, d]}. */
  private NDArray encodeInstruction(NDArray tokens) {
    NDArray oneHot = tokens.toType(DataType.INT64, false).oneHot(config.vocabSize(), DataType.FLOAT32);
    NDArray h = oneHot.matMul(base.get("text.embed")).add(base.get("text.pos"));
    NDArray mask = Ops.paddingMask(tokens);
    for (int e = 0; e < TEXT_LAYERS; e++) {
      String pre = "text." + e + ".";
      NDArray y = Ops.layerNorm(h, base.get(pre + "ln1.g"), base.get(pre + "ln1.b"));
      h = h.add(attend(pre + "attn.", y, y, y, mask, false));
      y = Ops.layerNorm(h, base.get(pre + "ln2.g"), base.get(pre + "ln2.b"));
      y = Ops.linear(Ops.gelu(Ops.linear(y, base.get(pre + "mlp.fc1.w"), base.get(pre + "mlp.fc1.b"))),
          base.get(pre + "mlp.fc2.w"), base.get(pre + "mlp.fc2.b"));
      h = h.add(y);
    }
    return Ops.layerNorm(h, base.get("text.ln.g"), base.get("text.ln.b"));
  }

  /** Self-attention with projections {@code pre+q/k/v/o} (LoRA when {@code lora}). */
  private NDArray attend(String pre, NDArray q, NDArray k, NDArray v, NDArray mask, boolean lora) {
    int heads = config.heads();
    NDArray z = Ops.attention(Ops.splitHeads(project(pre + "q", q, lora), heads),
        Ops.splitHeads(project(pre + "k", k, lora), heads),
        Ops.splitHeads(project(pre + "v", v, lora), heads), mask);
    return project(pre + "o", Ops.mergeHeads(z), lora);
  }

  /** {@code x·W + b} plus, with the adapter on, the LoRA update {@code (α/r)·x·A·B}. */
  private NDArray project(String name, NDArray x, boolean lora) {
    NDArray y = Ops.linear(x, base.get(name + ".w"), base.get(name + ".b"));
    if (lora && adapterEnabled) {
      y = y.add(Scalars.times(
          x.matMul(adapter.get(name + ".lora_a")).matMul(adapter.get(name + ".lora_b")),
          config.loraScale()));
    }
    return y;
  }

  private NDArray block(int i, NDArray x, NDArray condAct, NDArray text, NDArray textMask,
      NDArray image) {
    String pre = "block." + i + ".";
    boolean wide = loraBeyondAttention();
    NDArray[] a = project(pre + "ada", condAct, wide).split(9, 1).toArray(new NDArray[0]);
    int heads = config.heads();

    NDArray y = Ops.modulate(Ops.layerNorm(x), a[0], a[1]);
    x = x.add(attend(pre + "self.", y, y, y, null, true).mul(a[2].expandDims(1)));

    y = Ops.modulate(Ops.layerNorm(x), a[3], a[4]);
    NDArray q = Ops.splitHeads(project(pre + "cross.q", y, true), heads);
    NDArray z = Ops.attention(q, Ops.splitHeads(project(pre + "cross.k_txt", text, true), heads),
        Ops.splitHeads(project(pre + "cross.v_txt", text, true), heads), textMask);
    if (image != null) {
      NDArray zImage = Ops.attention(q,
          Ops.splitHeads(project(pre + "cross.k_img", image, true), heads),
          Ops.splitHeads(project(pre + "cross.v_img", image, true), heads), null);
      z = z.add(Scalars.times(zImage, config.imageCrossAttentionScale()));
    }
    x = x.add(project(pre + "cross.o", Ops.mergeHeads(z), true).mul(a[5].expandDims(1)));

    y = Ops.modulate(Ops.layerNorm(x), a[6], a[7]);
    y = project(pre + "mlp.fc2", Ops.gelu(project(pre + "mlp.fc1", y, wide)), wide);
    return x.add(y.mul(a[8].expandDims(1)));
  }

  /** π over start positions, {@code [B, depth, L−ξ+1]}, in the configured inference mode. */
  private NDArray focusDistribution(NDArray text, NDArray tokens) {
    NDArray logits = TokenFocus.positionLogits(text, adapter.get("focus.predictor"), tokens,
        config.focusTokens());
    return TokenFocus.distribution(logits, ModelConfig.ARGMAX.equals(config.focusInference()));
  }

  /** Layer i's instruction context {@code h + g_i·(focus_i(h) − h)}. */
  private NDArray focus(NDArray text, NDArray pi, int i) {
    NDArray layerPi = pi.get(new NDIndex(":, {}, :", i));
    NDArray focused = TokenFocus.expected(text, layerPi, adapter.get("focus.tokens." + i));
    return text.add(focused.sub(text).mul(adapter.get("focus.gate." + i)));
  }

  /** Per sample, per layer: the most probable focus start position. */
  public int[][] focusPositions(Conditioning c) {
    try (NDManager m = manager.newSubManager()) {
      NDArray tokens = local(m, c.tokens());
      NDArray logits = TokenFocus.positionLogits(encodeInstruction(tokens),
          adapter.get("focus.predictor"), tokens, config.focusTokens());
      int b = (int) logits.getShape().get(0);
      int[] flat = logits.argMax(-1).toType(DataType.INT32, false).toIntArray();
      int[][] out = new int[b][config.depth()];
      for (int i = 0; i < b; i++) {
        System.arraycopy(flat, i * config.depth(), out[i], 0, config.depth());
      }
      return out;
    }
  }

  /**
   * A new policy with each LoRA update folded into its base weight ({@code W + (α/r)·A·B}) and
   * LoRA B zeroed; soft tokens, predictor and gates are copied. Same outputs within float error.
   */
  public EditPolicy mergedCopy() {
    EditPolicy copy = new EditPolicy(config, NDManager.newBaseManager());
    copy.initialise(new Random(0));
    List<NamedTensor> merged = new ArrayList<>();
    try (NDManager m = manager.newSubManager()) {
      for (String name : base.names()) {
        NDArray w = base.get(name);
        String stem = name.endsWith(".w") ? name.substring(0, name.length() - 2) : null;
        if (stem != null && adapter.has(stem + ".lora_a")) {
          NDArray delta = m.create(adapter.get(stem + ".lora_a").toFloatArray(),
                  adapter.get(stem + ".lora_a").getShape())
              .matMul(adapter.get(stem + ".lora_b")).mul(config.loraScale());
          merged.add(Parameters.toTensor(name, delta.add(w)));
        } else {
          merged.add(Parameters.toTensor(name, w));
        }
      }
    }
    List<NamedTensor> adapterCopy = new ArrayList<>();
    for (NamedTensor t : adapter.toTensors()) {
      adapterCopy.add(t.name().endsWith(".lora_b")
          ? NamedTensor.ofFloats(t.name(), t.shape(), new float[(int) t.elementCount()])
          : t);
    }
    copy.loadBase(merged);
    copy.loadAdapter(adapterCopy);
    copy.setAdapterEnabled(adapterEnabled);
    return copy;
  }

  /** {@code a} itself if it lives in {@code m}, else a copy attached to {@code m}. */
  private static NDArray local(NDManager m, NDArray a) {
    if (a.getManager() == m) {
      return a;
    }
    NDArray copy = a.duplicate();
    copy.attach(m);
    return copy;
  }

  @Override
  public void close() {
    manager.close();
  }
}
