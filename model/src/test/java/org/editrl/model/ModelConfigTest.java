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
}
