package org.editrl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void failedWriteKeepsTheOldFileAndLeavesNoTemp() throws Exception {
    Path f = dir.resolve("ckpt.bin");
    AtomicFiles.writeString(f, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write(new byte[] {1, 2, 3});
                      throw new IOException("disk full");
                    }))
        .hasMessageContaining("cannot write");
    assertThat(Files.readString(f)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void sha256MatchesKnownVector() {
    assertThat(Sha256.hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void derivedSeedsDifferPerStreamAndAreStable() {
    assertThat(Seeds.derive(7, "noise")).isEqualTo(Seeds.derive(7, "noise"));
    assertThat(Seeds.derive(7, "noise")).isNotEqualTo(Seeds.derive(7, "tasks"));
    assertThat(Seeds.derive(7, "noise", 1)).isNotEqualTo(Seeds.derive(7, "noise", 2));
    assertThat(Seeds.derive(7, "noise")).isNotEqualTo(Seeds.derive(8, "noise"));
  }
}
