package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
  void unknownSubcommandIsOneLineAndExitTwo() {
    Result r = run("frobnicate");
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("frobnicate").contains("--help");
  }
}
