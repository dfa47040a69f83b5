package org.editrl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.editrl.core.UserError;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  @Test
  void jsonRoundTrips() {
    ModelConfig c = ModelConfig.defaults(123);
    assertThat(ModelConfig.fromJson(c.toJson())).isEqualTo(c);
    assertThat(ModelConfig.fromJson(ModelConfig.smoke(50).toJson())).isEqualTo(ModelConfig.smoke(50));
  }

  @Test
  void badJsonIsAUserError() {
    assertThatThrownBy(() -> ModelConfig.fromJson("{\"imageSize\":32}"))
        .isInstanceOf(UserError.class).hasMessageContaining("patchSize");
    String bad = ModelConfig.defaults(10).toJson().replace("\"expectation\"", "\"sometimes\"");
    assertThatThrownBy(() -> ModelConfig.fromJson(bad))
        .isInstanceOf(UserError.class).hasMessageContaining("focusInference");
  }

  @Test
  void loraTargetsRoundTripAndDefaultToAttentionInOlderManifests() {
    ModelConfig all = ModelConfig.defaults(10).withLoraTargets(LoraTargets.ALL);
    assertThat(ModelConfig.fromJson(all.toJson())).isEqualTo(all);
    assertThat(all.sameArchitecture(ModelConfig.defaults(10))).isFalse();
    String older = ModelConfig.defaults(10).toJson().replace(",\"loraTargets\":\"attention\"", "");
    assertThat(older).doesNotContain("loraTargets");
    assertThat(ModelConfig.fromJson(older).loraTargets()).isEqualTo(LoraTargets.ATTENTION);
    String bad = all.toJson().replace("\"all\"", "\"mlp\"");
    assertThatThrownBy(() -> ModelConfig.fromJson(bad))
        .isInstanceOf(UserError.class).hasMessageContaining("attention, all");
  }
}
