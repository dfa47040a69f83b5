package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.editrl.core.JsonLines;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a small adapter and prints one JSON line (no timing asserted). */
class WeightsBenchTest {
  @Test
  void printsBothFiguresAsOneJsonLine() throws Exception {
    EditrlCliTest.Result r =
        EditrlCliTest.run("bench", "weights", "--mb", "0.3", "--subscribers", "2", "--rounds", "1",
            "--chunk-bytes", "65536");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = JsonLines.MAPPER.readTree(r.out());
    assertThat(j.get("bench").asText()).isEqualTo("weights");
    assertThat(j.get("adapter_bytes").asLong()).isGreaterThanOrEqualTo(300_000);
    assertThat(j.get("subscribers").asInt()).isEqualTo(2);
    assertThat(j.get("grpc_mb_per_s").asDouble()).isPositive();
    assertThat(j.get("socket_mb_per_s").asDouble()).isPositive();
    assertThat(r.err()).contains("plain socket copy");
  }

  @Test
  void badOptionsAreAUserError() {
    EditrlCliTest.Result r = EditrlCliTest.run("bench", "weights", "--subscribers", "0");
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err()).contains("--subscribers");
  }
}
