package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditrlCliTest {
  /** Output of one CLI run. */
  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status =
        EditrlCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void versionNamesTheProjectVersion() {
    Result r = run("--version");
    assertThat(r.status()).isZero();
    assertThat(r.out()).startsWith("editrl 0.").contains("JVM 17");
  }

  @Test
  void helpListsUsage() {
    Result r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("Usage: editrl");
  }

  @Test
  void aNoiseBlockThatDoesNotDivideTheImageStopsTrainBeforeAnyWork(@TempDir Path dir) {
    Result r = run("train", "--sync", "--preset", "smoke", "--out", dir.resolve("run").toString(),
        "--set", "editrl.train.base-checkpoint=" + dir.resolve("base"),
        "--set", "editrl.train.noise-block=3");
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("noise block 3").contains("divide");
    assertThat(dir.resolve("base")).doesNotExist(); // no base was pretrained
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void benchLearnRejectsBadSeedCountsBeforeAnyWork(@TempDir Path dir) {
    Result none = run("bench", "learn", "--seeds", "0", "--out", dir.resolve("b").toString());
    assertThat(none.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(none.err().strip().lines()).hasSize(1);
    assertThat(none.err()).contains("--seeds");
    Result negative = run("bench", "learn", "--first-seed", "-1", "--out", dir.resolve("b").toString());
    assertThat(negative.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(negative.err()).contains("--first-seed");
    Result noSteps = run("bench", "learn", "--per-step-steps", "0", "--out", dir.resolve("b").toString());
    assertThat(noSteps.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(noSteps.err()).contains("--per-step-steps");
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void unknownSubcommandIsOneLineAndExitTwo() {
    Result r = run("frobnicate");
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("frobnicate").contains("--help");
  }
}
