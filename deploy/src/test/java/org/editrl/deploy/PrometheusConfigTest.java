package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/prometheus: the scrape configuration and the recording and alerting rules. */
class PrometheusConfigTest {
  /** The alerts deploy/README.md explains; each must exist. */
  static final List<String> REQUIRED_ALERTS = List.of("EditrlLearnerStalled", "EditrlStaleDropsHigh",
      "EditrlNoRolloutWorkers", "EditrlJudgeFailuresRising", "EditrlWeightSyncSlow");

  private final JsonNode rules = DeployFiles.yaml(DeployFiles.prometheus().resolve("rules.yml"));
  private final MetricCatalog catalog = MetricCatalog.load();

  private List<JsonNode> allRules() {
    List<JsonNode> out = new ArrayList<>();
    rules.path("groups").forEach(g -> g.path("rules").forEach(out::add));
    return out;
  }

  private Map<String, JsonNode> alerts() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode r : allRules()) {
      if (r.has("alert")) {
        assertThat(out.put(r.path("alert").asText(), r)).as("alert %s defined twice", r.path("alert").asText()).isNull();
      }
    }
    return out;
  }

  private Set<String> records() {
    Set<String> out = new HashSet<>();
    allRules().stream().filter(r -> r.has("record")).forEach(r -> out.add(r.path("record").asText()));
    return out;
  }

  @Test
  void everyRuleIsARecordOrAnAlertWithAnExpression() {
    assertThat(rules.path("groups").size()).isGreaterThanOrEqualTo(2);
    Set<String> groupNames = new HashSet<>();
    rules.path("groups").forEach(g -> assertThat(groupNames.add(g.path("name").asText()))
        .as("group name %s unique", g.path("name").asText()).isTrue());
    for (JsonNode r : allRules()) {
      assertThat(r.has("record") ^ r.has("alert")).as("rule %s is a record xor an alert", r).isTrue();
      assertThat(r.path("expr").asText()).as("expr of %s", r).isNotBlank();
    }
    // Recording rules follow level:metric:operations.
    assertThat(records()).isNotEmpty().allMatch(n -> n.matches("editrl:[a-z0-9_]+:[a-z0-9_]+"));
    assertThat(records()).contains("editrl:groups_per_second:rate1m", "editrl:groups_dropped_per_second:rate5m",
        "editrl:group_staleness:mean5m", "editrl:reward_mean:max");
  }

  @Test
  void everyAlertHasForSeveritySummaryAndDescription() {
    Map<String, JsonNode> alerts = alerts();
    assertThat(alerts).containsKeys(REQUIRED_ALERTS.toArray(String[]::new));
    alerts.forEach((name, a) -> {
      assertThat(name).matches("Editrl[A-Z][A-Za-z]+");
      assertThat(a.path("for").asText()).as("for: of %s", name).matches("[1-9][0-9]*[smh]");
      assertThat(a.path("labels").path("severity").asText()).as("severity of %s", name)
          .isIn("critical", "warning", "info");
      assertThat(a.path("annotations").path("summary").asText()).as("summary of %s", name).isNotBlank();
      assertThat(a.path("annotations").path("description").asText()).as("description of %s", name).isNotBlank();
    });
  }

  @Test
  void rulesUseOnlyDocumentedMetrics() {
    Set<String> known = catalog.seriesNames();
    Set<String> records = records();
    for (JsonNode r : allRules()) {
      String expr = r.path("expr").asText();
      Set<String> used = PromQl.metricNames(expr);
      assertThat(used).as("metrics in %s", expr).isNotEmpty();
      for (String name : used) {
        assertThat(known.contains(name) || records.contains(name))
            .as("%s in rule %s is neither in docs/metrics.md (nor a JVM metric) nor a recording rule",
                name, r.has("alert") ? r.path("alert").asText() : r.path("record").asText())
            .isTrue();
      }
      assertQuantilesUseBuckets(expr);
    }
  }

  @Test
  void ruleUnitTestsFeedRealSeries() {
    JsonNode tests = DeployFiles.yaml(DeployFiles.prometheus().resolve("rules_test.yml"));
    List<String> ruleFiles = new ArrayList<>();
    tests.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
    assertThat(ruleFiles).containsExactly("rules.yml");
    Set<String> known = catalog.seriesNames();
    Set<String> tested = new HashSet<>();
    for (JsonNode t : tests.path("tests")) {
      for (JsonNode s : t.path("input_series")) {
        String series = s.path("series").asText();
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        assertThat(known).as("input series %s of rules_test.yml", series).contains(name);
      }
      t.path("alert_rule_test").forEach(a -> tested.add(a.path("alertname").asText()));
    }
    assertThat(tested).as("alerts with unit tests").containsAll(REQUIRED_ALERTS);
  }

  /** histogram_quantile over _bucket series, keeping le. */
  static void assertQuantilesUseBuckets(String expr) {
    int at = expr.indexOf("histogram_quantile(");
    while (at >= 0) {
      String rest = expr.substring(at);
      assertThat(rest).as("histogram_quantile in %s", expr).contains("_bucket").containsPattern("by \\([^)]*\\ble\\b");
      at = expr.indexOf("histogram_quantile(", at + 1);
    }
  }

  @Test
  void readmeExplainsEveryAlert() {
    String readme = DeployFiles.read(DeployFiles.module().resolve("README.md"));
    for (String alert : alerts().keySet()) {
      assertThat(readme).as("deploy/README.md explains %s", alert).contains(alert);
    }
  }

  @Test
  void prometheusLoadsTheRulesAndScrapesPodsAndTheLocalTrainer() {
    Path dir = DeployFiles.prometheus();
    JsonNode config = DeployFiles.yaml(dir.resolve("prometheus.yml"));
    List<String> ruleFiles = new ArrayList<>();
    config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
    assertThat(ruleFiles).contains("rules.yml");
    ruleFiles.forEach(f -> assertThat(Files.isRegularFile(dir.resolve(f))).as(f).isTrue());

    int metricsPort = DeployFiles.reference().getInt("editrl.metrics.port");
    Set<String> jobs = new HashSet<>();
    boolean local = false;
    boolean pods = false;
    for (JsonNode job : config.path("scrape_configs")) {
      assertThat(jobs.add(job.path("job_name").asText())).as("job names unique").isTrue();
      for (JsonNode sc : job.path("static_configs")) {
        for (JsonNode t : sc.path("targets")) {
          local |= t.asText().equals("127.0.0.1:" + metricsPort);
        }
      }
      for (JsonNode sd : job.path("kubernetes_sd_configs")) {
        if (sd.path("role").asText().equals("pod")) {
          pods |= keepsAnnotated(job.path("relabel_configs"));
        }
      }
    }
    assertThat(local).as("a static job scrapes 127.0.0.1:%d", metricsPort).isTrue();
    assertThat(pods).as("a pod-role job keeps the pods annotated prometheus.io/scrape=true").isTrue();
  }

  private static boolean keepsAnnotated(JsonNode relabels) {
    boolean keep = false;
    boolean port = false;
    for (JsonNode r : relabels) {
      List<String> sources = new ArrayList<>();
      r.path("source_labels").forEach(s -> sources.add(s.asText()));
      if (r.path("action").asText().equals("keep") && r.path("regex").asText().equals("true")
          && sources.equals(List.of(annotationLabel("prometheus.io/scrape")))) {
        keep = true;
      }
      if (sources.contains(annotationLabel("prometheus.io/port"))
          && r.path("target_label").asText().equals("__address__")) {
        port = true;
      }
    }
    return keep && port;
  }

  /** The label Prometheus' Kubernetes discovery gives a pod annotation. */
  private static String annotationLabel(String annotation) {
    return "__meta_kubernetes_pod_annotation_" + annotation.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  @Test
  void theAnnotationsPrometheusReadsAreTheOnesThePodsCarry() {
    JsonNode config = DeployFiles.yaml(DeployFiles.prometheus().resolve("prometheus.yml"));
    Set<String> read = new HashSet<>();
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode r : job.path("relabel_configs")) {
        r.path("source_labels").forEach(s -> {
          if (s.asText().startsWith("__meta_kubernetes_pod_annotation_")) {
            read.add(s.asText());
          }
        });
      }
    }
    assertThat(read).isNotEmpty();
    for (Manifests.Resource w : Manifests.load().workloads()) {
      Set<String> carried = new HashSet<>();
      Manifests.podAnnotations(w).fieldNames().forEachRemaining(a -> carried.add(annotationLabel(a)));
      assertThat(carried).as("annotations of %s", w).containsAll(read);
    }
  }
}
