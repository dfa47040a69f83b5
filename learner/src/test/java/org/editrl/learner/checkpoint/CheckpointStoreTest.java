package org.editrl.learner.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.editrl.core.AtomicFiles;
import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private static Map<String, AtomicFiles.Writer> files(String adapter, String state) {
    Map<String, AtomicFiles.Writer> f = new LinkedHashMap<>();
    f.put("adapter.bin", out -> out.write(adapter.getBytes(StandardCharsets.UTF_8)));
    f.put("state.json", out -> out.write(state.getBytes(StandardCharsets.UTF_8)));
    return f;
  }

  @Test
  void saveLoadAndKeepOnlyTheLastN() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 2);
    store.save(1, files("a1", "{}"));
    store.save(2, files("a2", "{}"));
    Checkpoint c3 = store.save(3, files("a3", "{\"step\":3}"));
    assertThat(store.steps()).containsExactly(2L, 3L);
    assertThat(c3.step()).isEqualTo(3);
    Checkpoint latest = store.latest().orElseThrow();
    assertThat(latest.step()).isEqualTo(3);
    assertThat(Files.readString(latest.file("adapter.bin"))).isEqualTo("a3");
  }

  @Test
  void aFailedSaveLeavesThePreviousCheckpointAsLatest() {
    CheckpointStore store = new CheckpointStore(dir, 3);
    store.save(1, files("a1", "{}"));
    Map<String, AtomicFiles.Writer> broken = files("a2", "{}");
    broken.put("optimizer.bin", out -> {
      throw new IOException("disk full");
    });
    assertThatThrownBy(() -> store.save(2, broken)).hasMessageContaining("cannot write");
    assertThat(store.steps()).containsExactly(1L);
    assertThat(store.latest().orElseThrow().step()).isEqualTo(1);
  }

  @Test
  void aCorruptedFileIsRefusedWithAClearError() throws Exception {
    CheckpointStore store = new CheckpointStore(dir, 3);
    Checkpoint c = store.save(5, files("weights", "{}"));
    Files.writeString(c.file("adapter.bin"), "weightz");
    assertThatThrownBy(() -> CheckpointStore.load(c.directory()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("adapter.bin")
        .hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> CheckpointStore.load(dir))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not a checkpoint");
  }
}
