package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainCommandTest {
  @TempDir Path dir;

  @Test
  void aShortSmokeRunWritesACheckpointAndJsonLines() {
    Path out = dir.resolve("base");
    EditrlCliTest.Result r = EditrlCliTest.run("pretrain", "--preset", "smoke", "--steps", "10",
        "--eval-tasks", "4", "--out", out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .allMatch(l -> l.startsWith("{\"event\":"))
        .anyMatch(l -> l.contains("\"event\":\"pretrain\""))
        .anyMatch(l -> l.contains("\"category\":\"all\""));
    assertThat(out.resolve("model.json")).exists();
    assertThat(Files.exists(out.resolve("base.safetensors"))).isTrue();
    assertThat(r.err()).contains("checkpoint written");
  }

  @Test
  void anUnknownPresetIsAUserError() {
    EditrlCliTest.Result r = EditrlCliTest.run("pretrain", "--preset", "huge", "--out",
        dir.toString());
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err()).contains("unknown preset 'huge'");
  }
}
