package org.editrl.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.Sha256;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.Safetensors;
import org.editrl.model.EditPolicy;
import org.editrl.model.LoraTargets;
import org.editrl.model.ModelConfig;

/**
 * A policy checkpoint directory: {@code base.safetensors}, {@code adapter.safetensors} and
 * {@code model.json} = {@code {"format":"editrl-model/1","config":{…ModelConfig…},"step":N,
 * "dataSeed":S,"sha256":{"base.safetensors":hex,"adapter.safetensors":hex}}}. The manifest is
 * written last, so a directory with a manifest is complete; every file is written atomically.
 */
public final class ModelCheckpoint {
  public static final String FORMAT = "editrl-model/1";
  public static final String BASE_FILE = "base.safetensors";
  public static final String ADAPTER_FILE = "adapter.safetensors";
  public static final String MANIFEST_FILE = "model.json";

  private ModelCheckpoint() {}

  /** What {@code model.json} says. */
  public record Manifest(ModelConfig config, long step, long dataSeed, Map<String, String> sha256) {}

  public static void save(Path dir, EditPolicy policy, long step, long dataSeed) {
    byte[] base = Safetensors.encode(policy.baseTensors(), Map.of("format", FORMAT, "part", "base"));
    byte[] adapter =
        Safetensors.encode(policy.adapterTensors(), Map.of("format", FORMAT, "part", "adapter"));
    AtomicFiles.write(dir.resolve(BASE_FILE), base);
    AtomicFiles.write(dir.resolve(ADAPTER_FILE), adapter);
    ObjectNode manifest = JsonLines.MAPPER.createObjectNode();
    manifest.put("format", FORMAT);
    try {
      manifest.set("config", JsonLines.MAPPER.readTree(policy.config().toJson()));
    } catch (IOException e) {
      throw new IllegalStateException("config JSON must parse", e);
    }
    manifest.put("step", step);
    manifest.put("dataSeed", dataSeed);
    ObjectNode sha = manifest.putObject("sha256");
    sha.put(BASE_FILE, Sha256.hex(base));
    sha.put(ADAPTER_FILE, Sha256.hex(adapter));
    AtomicFiles.writeString(dir.resolve(MANIFEST_FILE), JsonLines.toLine(manifest) + "\n");
  }

  /** Reads and checks {@code model.json} (not the tensor files). */
  public static Manifest manifest(Path dir) {
    Path file = dir.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(file)) {
      throw new UserError("no checkpoint at " + dir + ": " + file + " is missing (run"
          + " `editrl pretrain --out " + dir + "` first)");
    }
    JsonNode o;
    try {
      o = JsonLines.MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UserError(file + " is not readable JSON: " + e.getMessage());
    }
    if (o == null || !FORMAT.equals(o.path("format").asText())) {
      throw new UserError(file + " is not an " + FORMAT + " manifest");
    }
    ModelConfig config;
    try {
      config = ModelConfig.fromJson(o.get("config"));
    } catch (UserError e) {
      throw new UserError(file + ": " + e.getMessage());
    }
    JsonNode sha = o.path("sha256");
    for (String f : List.of(BASE_FILE, ADAPTER_FILE)) {
      if (!sha.hasNonNull(f)) {
        throw new UserError(file + " lacks the SHA-256 of " + f);
      }
    }
    return new Manifest(config, o.path("step").asLong(), o.path("dataSeed").asLong(),
        Map.of(BASE_FILE, sha.get(BASE_FILE).asText(), ADAPTER_FILE, sha.get(ADAPTER_FILE).asText()));
  }

  /** Loads the policy the checkpoint describes. */
  public static EditPolicy load(Path dir) {
    return load(dir, null);
  }

  /**
   * Loads the checkpoint into a network of {@code expected}'s architecture (its λ, focus mode and
   * alpha are used); UserError naming the file on an architecture mismatch or a bad SHA-256.
   */
  public static EditPolicy load(Path dir, ModelConfig expected) {
    Manifest manifest = manifest(dir);
    if (expected != null && !expected.sameArchitecture(manifest.config())) {
      throw new UserError(dir.resolve(MANIFEST_FILE) + " describes architecture "
          + manifest.config().toJson() + ", but " + expected.toJson() + " was expected");
    }
    return build(dir, manifest, expected != null ? expected : manifest.config());
  }

  /** {@link #loadWithLora(Path, LoraTargets, int)} at the checkpoint's own rank. */
  public static EditPolicy loadWithLoraOn(Path dir, LoraTargets targets) {
    return loadWithLora(dir, targets, 0);
  }

  /**
   * Loads a checkpoint with LoRA on {@code targets} at rank {@code rank} (0: the checkpoint's
   * rank), computing exactly what the checkpoint computes. A checkpoint with attention-only LoRA
   * (a pretrained base) gains zero-initialised LoRA on the other maps; a lower-rank adapter is
   * widened ({@link LoraWidening}, alpha as in {@link ModelConfig#withLoraRank}). Narrowing
   * either is a UserError, since dropping tensors or rank would change the network.
   */
  public static EditPolicy loadWithLora(Path dir, LoraTargets targets, int rank) {
    Manifest manifest = manifest(dir);
    ModelConfig stored = manifest.config();
    if (stored.loraTargets() != targets && targets != LoraTargets.ALL) {
      throw new UserError(dir + " has LoRA on " + stored.loraTargets().configName()
          + " linear maps, which cannot be narrowed to " + targets.configName() + ": set"
          + " lora-targets = " + stored.loraTargets().configName()
          + " or start from a base checkpoint");
    }
    if (rank < 0 || (rank > 0 && rank < stored.loraRank())) {
      throw new UserError(dir + " has LoRA of rank " + stored.loraRank() + ", which cannot be"
          + " narrowed to " + rank + ": set lora-rank = 0 (the checkpoint's) or a rank of at least "
          + stored.loraRank());
    }
    ModelConfig wanted = stored.withLoraTargets(targets);
    return build(dir, manifest, rank > stored.loraRank() ? wanted.withLoraRank(rank) : wanted);
  }

  /**
   * A network of {@code config} with the checkpoint's tensors, whose architecture the callers
   * have checked: the same as the manifest's, or wider LoRA targets or rank.
   */
  private static EditPolicy build(Path dir, Manifest manifest, ModelConfig config) {
    List<NamedTensor> base = verifiedTensors(dir.resolve(BASE_FILE), manifest.sha256().get(BASE_FILE));
    List<NamedTensor> adapter =
        verifiedTensors(dir.resolve(ADAPTER_FILE), manifest.sha256().get(ADAPTER_FILE));
    EditPolicy policy = EditPolicy.create(config, 0L);
    try {
      policy.loadBase(base);
      if (config.loraRank() != manifest.config().loraRank()) {
        adapter = LoraWidening.widen(adapter, policy.adapterTensors(),
            manifest.config().loraScale() / config.loraScale());
      }
      if (config.loraTargets() != manifest.config().loraTargets()) {
        policy.loadNarrowerAdapter(adapter);
      } else {
        policy.loadAdapter(adapter);
      }
    } catch (UserError e) {
      policy.close();
      throw new UserError(dir + ": " + e.getMessage());
    } catch (RuntimeException e) {
      policy.close();
      throw e;
    }
    return policy;
  }

  private static List<NamedTensor> verifiedTensors(Path file, String sha) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError("cannot read checkpoint file " + file + ": " + e.getMessage());
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equals(sha)) {
      throw new UserError(file + " has SHA-256 " + actual + " but the manifest says " + sha
          + ": the file is corrupt or was replaced; re-run pretrain or restore it");
    }
    return Safetensors.decode(bytes, file.toString()).tensors();
  }
}
