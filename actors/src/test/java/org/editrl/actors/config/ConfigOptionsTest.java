package org.editrl.actors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigOptionsTest {
  @CommandLine.Command(name = "demo")
  static final class Demo {
    @CommandLine.Mixin ConfigOptions options;
  }

  @Test
  void parsesFileAndRepeatedOverridesInOrder(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("run.conf"), "editrl.weights.port = 9000\n");
    Demo demo = new Demo();
    new CommandLine(demo).parseArgs("--config", file.toString(),
        "--set", "editrl.weights.port=9100", "--set", "editrl.weights.keep-versions=7");
    assertThat(demo.options.sets()).containsExactly("editrl.weights.port=9100", "editrl.weights.keep-versions=7");
    WeightSettings w = WeightSettings.from(demo.options.load());
    assertThat(w.port()).isEqualTo(9100);
    assertThat(w.keepVersions()).isEqualTo(7);
  }

  @Test
  void anUnknownKeyFromTheCommandLineNamesTheNearest() {
    Demo demo = new Demo();
    new CommandLine(demo).parseArgs("--set", "editrl.metrics.enable=off");
    assertThatThrownBy(demo.options::load)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("did you mean editrl.metrics.enabled?");
  }
}
