package org.editrl.world.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.editrl.core.Png;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;

/**
 * Writes world tasks as a dataset: {@code DIR/manifest.jsonl} and the PNGs
 * {@code DIR/source/<id>.png}, {@code DIR/target/<id>.png}, {@code DIR/mask/<id>.png}.
 */
public final class WorldExport {
  public static final String MANIFEST = "manifest.jsonl";

  private WorldExport() {}

  /**
   * Writes tasks {@code start … start+count−1} of {@code split}; the manifest last, atomically,
   * so a manifest on disk always names images that exist.
   *
   * @param progress called with the number of tasks written so far
   * @return the manifest's path
   */
  public static Path write(EditWorld world, Split split, long start, int count, Path dir,
      IntConsumer progress) {
    List<ManifestRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EditTask t = world.task(split, start + i);
      String source = "source/" + t.id() + ".png";
      String target = "target/" + t.id() + ".png";
      String mask = "mask/" + t.id() + ".png";
      Png.write(t.source(), dir.resolve(source));
      Png.write(t.target(), dir.resolve(target));
      Png.write(t.mask().toImage(), dir.resolve(mask));
      rows.add(Manifest.rowFor(t, source, target, mask));
      progress.accept(i + 1);
    }
    Path manifest = dir.resolve(MANIFEST);
    Manifest.write(manifest, rows);
    return manifest;
  }
}
