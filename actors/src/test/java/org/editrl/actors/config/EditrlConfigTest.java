package org.editrl.actors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.editrl.actors.metrics.MetricsSettings;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditrlConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsReadIntoSettingsRecords() {
    EditrlConfig c = EditrlConfig.defaults();
    WeightSettings w = WeightSettings.from(c);
    assertThat(w.port()).isEqualTo(7356);
    assertThat(w.chunkBytes()).isEqualTo(1 << 20);
    assertThat(w.keepVersions()).isEqualTo(4);
    assertThat(w.tls()).isEmpty();
    assertThat(w.reconnectInitialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(MetricsSettings.from(c)).isEqualTo(new MetricsSettings(true, "127.0.0.1", 9464));
    assertThat(RunSettings.from(c).seed()).isEqualTo(1);
    // Pekko's own defaults are part of the same tree.
    assertThat(c.config().hasPath("pekko.actor.provider")).isTrue();
  }

  @Test
  void setOverridesApplyInOrderOverTheFile() throws Exception {
    Path file = dir.resolve("run.conf");
    Files.writeString(file, "editrl.weights { port = 9000, keep-versions = 2 }\neditrl.run.seed = 5\n");
    EditrlConfig c =
        EditrlConfig.load(
            file,
            List.of(
                "editrl.weights.port=9001",
                "editrl.weights.port = 9002",
                "editrl.weights.transfer-timeout=3s",
                "editrl.cluster.seed-nodes=[\"10.0.0.1:7355\", \"10.0.0.2:7355\"]",
                "editrl.weights.host=0.0.0.0",
                "editrl.run.out-dir=runs/my run"));
    WeightSettings w = WeightSettings.from(c);
    assertThat(w.port()).isEqualTo(9002);
    assertThat(w.keepVersions()).isEqualTo(2);
    assertThat(w.transferTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(w.host()).isEqualTo("0.0.0.0");
    // Bound to every interface, the service is advertised at the node's cluster address.
    assertThat(w.advertiseHost()).isEqualTo("127.0.0.1");
    assertThat(WeightSettings.from(c.withSets(List.of("editrl.weights.advertise-host=learner-0.editrl")))
        .advertiseHost()).isEqualTo("learner-0.editrl");
    assertThat(c.stringList("editrl.cluster.seed-nodes")).containsExactly("10.0.0.1:7355", "10.0.0.2:7355");
    assertThat(RunSettings.from(c).seed()).isEqualTo(5);
    assertThat(RunSettings.from(c).outDir()).isEqualTo(Path.of("runs/my run"));
    // withSets layers more overrides on a loaded config.
    assertThat(WeightSettings.from(c.withSets(List.of("editrl.weights.port=0"))).port()).isZero();
  }

  @Test
  void anUnknownKeyNamesItAndTheNearestValidKey() {
    assertThatThrownBy(() -> EditrlConfig.load(null, List.of("editrl.weights.chunk-byte=2MiB")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unknown config key editrl.weights.chunk-byte")
        .hasMessageContaining("did you mean editrl.weights.chunk-bytes?");
    assertThatThrownBy(() -> EditrlConfig.parse("editrl { metrics { prot = 1 } }", "test.conf"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("editrl.metrics.prot")
        .hasMessageContaining("test.conf")
        .hasMessageContaining("did you mean editrl.metrics.port?");
    // A key without the editrl. prefix gets the prefixed suggestion.
    assertThatThrownBy(() -> EditrlConfig.load(null, List.of("weights.port=1")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("did you mean editrl.weights.port?");
    assertThatThrownBy(() -> EditrlConfig.parse("editrl.run.seed = 1\nmy-setting = 2", "x.conf"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unknown top-level config key 'my-setting'");
  }

  @Test
  void wrongValuesNameKeyExpectationAndOrigin() {
    EditrlConfig c = EditrlConfig.load(null, List.of("editrl.weights.port=lots"));
    assertThatThrownBy(() -> WeightSettings.from(c))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("editrl.weights.port must be an integer")
        .hasMessageContaining("lots")
        .hasMessageContaining("--set editrl.weights.port=lots");
    EditrlConfig range = EditrlConfig.load(null, List.of("editrl.weights.port=70000"));
    assertThatThrownBy(() -> WeightSettings.from(range))
        .hasMessageContaining("an integer in [0, 65535]");
    EditrlConfig chunk = EditrlConfig.load(null, List.of("editrl.weights.chunk-bytes=1KiB"));
    assertThatThrownBy(() -> WeightSettings.from(chunk))
        .hasMessageContaining("editrl.weights.chunk-bytes must be a size in bytes between");
    EditrlConfig halfTls = EditrlConfig.load(null, List.of("editrl.weights.tls.cert-chain=a.pem"));
    assertThatThrownBy(() -> WeightSettings.from(halfTls))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("must be set together");
  }

  @Test
  void malformedInputIsAUserError() {
    assertThatThrownBy(() -> EditrlConfig.load(null, List.of("editrl.weights.port")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--set expects key=value");
    assertThatThrownBy(() -> EditrlConfig.load(dir.resolve("missing.conf"), List.of()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("config file not found");
    assertThatThrownBy(() -> EditrlConfig.parse("editrl { run { ", "broken.conf"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("cannot parse broken.conf");
  }

  @Test
  void levenshteinCountsEdits() {
    assertThat(Levenshtein.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Levenshtein.distance("", "abc")).isEqualTo(3);
    assertThat(Levenshtein.distance("port", "port")).isZero();
  }
}
