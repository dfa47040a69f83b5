package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' own checks, where promtool is installed (Debian: the prometheus package; or set
 * PROMTOOL): the rules parse and their unit tests (deploy/prometheus/rules_test.yml) pass, and
 * every dashboard query is valid PromQL. Skipped without promtool. (The Debian promtool lacks
 * Kubernetes service discovery, so prometheus.yml is not checked with it.)
 */
class PromtoolTest {
  private static Path promtool() {
    String env = System.getenv("PROMTOOL");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String run(Path dir, String... args) throws Exception {
    Path promtool = promtool();
    assumeTrue(promtool != null, "promtool not installed");
    List<String> cmd = new ArrayList<>();
    cmd.add(promtool.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("promtool %s:\n%s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void rulesAreValid() throws Exception {
    assertThat(run(DeployFiles.prometheus(), "check", "rules", "rules.yml")).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    assertThat(run(DeployFiles.prometheus(), "test", "rules", "rules_test.yml")).contains("SUCCESS");
  }

  @Test
  void dashboardQueriesAreValidPromQl(@TempDir Path tmp) throws Exception {
    JsonNode dashboard = DeployFiles.json(DeployFiles.grafana().resolve("editrl-dashboard.json"));
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        String expr = t.path("expr").asText().replace("$__rate_interval", "1m").replace("$__interval", "1m");
        rules.append("      - record: dashboard:query:").append(n++).append('\n')
            .append("        expr: ").append(DeployFiles.JSON.writeValueAsString(expr)).append('\n');
      }
    }
    assertThat(n).isPositive();
    Files.writeString(tmp.resolve("dashboard.yml"), rules.toString());
    assertThat(run(tmp, "check", "rules", "dashboard.yml")).contains("SUCCESS: " + n + " rules found");
  }
}
