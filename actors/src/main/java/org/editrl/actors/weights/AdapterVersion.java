package org.editrl.actors.weights;

import java.util.List;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.WeightManifest;

/**
 * One verified adapter version: its manifest and its tensors in manifest order. Only ever built
 * from bytes whose hashes matched the manifest (or, on the learner, from the published tensors).
 */
public record AdapterVersion(WeightManifest manifest, List<NamedTensor> tensors) {
  public AdapterVersion {
    tensors = List.copyOf(tensors);
  }

  public long version() {
    return manifest.getVersion();
  }

  public long learnerStep() {
    return manifest.getLearnerStep();
  }

  public String baseId() {
    return manifest.getBaseId();
  }

  /** Payload size in bytes. */
  public long totalBytes() {
    return manifest.getTotalBytes();
  }
}
