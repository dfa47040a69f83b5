package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/grafana: the dashboard JSON and the provisioning files. */
class GrafanaDashboardTest {
  private final JsonNode dashboard = DeployFiles.json(DeployFiles.grafana().resolve("editrl-dashboard.json"));
  private final MetricCatalog catalog = MetricCatalog.load();

  /** Every panel, rows and panels inside collapsed rows included. */
  private List<JsonNode> panels() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  private List<JsonNode> graphs() {
    return panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
  }

  @Test
  void isAModernDashboardWithAPrometheusDatasourceVariable() {
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    JsonNode variable = null;
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("name").asText().equals("datasource")) {
        variable = v;
      }
    }
    assertThat(variable).as("templating variable 'datasource'").isNotNull();
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
  }

  @Test
  void panelIdsAreUniqueAndEveryPanelQueriesTheVariablesDatasource() {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : panels()) {
      assertThat(p.path("id").isInt()).as("id of panel %s", p.path("title").asText()).isTrue();
      assertThat(ids.add(p.path("id").asInt())).as("panel id %d unique", p.path("id").asInt()).isTrue();
      assertThat(p.path("title").asText()).as("title of panel %d", p.path("id").asInt()).isNotBlank();
    }
    assertThat(graphs()).hasSizeGreaterThanOrEqualTo(20);
    for (JsonNode p : graphs()) {
      String title = p.path("title").asText();
      assertThat(p.path("datasource").path("uid").asText()).as("datasource of %s", title).isEqualTo("${datasource}");
      JsonNode targets = p.path("targets");
      assertThat(targets.size()).as("targets of %s", title).isGreaterThanOrEqualTo(1);
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : targets) {
        assertThat(t.path("expr").asText()).as("expr of a target of %s", title).isNotBlank();
        assertThat(refIds.add(t.path("refId").asText())).as("refId %s unique in %s", t.path("refId").asText(), title).isTrue();
        assertThat(t.path("datasource").path("uid").asText("${datasource}")).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void panelsFitTheGridWithoutOverlapping() {
    List<int[]> boxes = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      JsonNode g = p.path("gridPos");
      int x = g.path("x").asInt(-1);
      int y = g.path("y").asInt(-1);
      int w = g.path("w").asInt(0);
      int h = g.path("h").asInt(0);
      String title = p.path("title").asText();
      assertThat(x).as("x of %s", title).isBetween(0, 23);
      assertThat(y).as("y of %s", title).isGreaterThanOrEqualTo(0);
      assertThat(w).as("w of %s", title).isPositive();
      assertThat(h).as("h of %s", title).isPositive();
      assertThat(x + w).as("right edge of %s", title).isLessThanOrEqualTo(24);
      for (int[] b : boxes) {
        boolean apart = x + w <= b[0] || b[0] + b[2] <= x || y + h <= b[1] || b[1] + b[3] <= y;
        assertThat(apart).as("%s overlaps another panel", title).isTrue();
      }
      boxes.add(new int[] {x, y, w, h});
    }
  }

  @Test
  void panelsUseOnlyDocumentedMetrics() {
    Set<String> known = catalog.seriesNames();
    for (JsonNode p : graphs()) {
      for (JsonNode t : p.path("targets")) {
        String expr = t.path("expr").asText();
        Set<String> used = PromQl.metricNames(expr);
        assertThat(used).as("metrics of %s", expr).isNotEmpty();
        assertThat(known).as("metrics of panel '%s' (docs/metrics.md, JVM metrics)", p.path("title").asText())
            .containsAll(used);
        PrometheusConfigTest.assertQuantilesUseBuckets(expr);
      }
    }
  }

  @Test
  void everyDocumentedEditrlMetricAndTheJvmAreOnTheDashboard() {
    Set<String> shown = new HashSet<>();
    for (JsonNode p : graphs()) {
      for (JsonNode t : p.path("targets")) {
        for (String series : PromQl.metricNames(t.path("expr").asText())) {
          String family = catalog.familyOf(series);
          if (family != null) {
            shown.add(family);
          }
        }
      }
    }
    assertThat(shown).as("families on the dashboard (add a panel for a new metric in docs/metrics.md)")
        .containsAll(catalog.documented().keySet())
        .contains("jvm_memory_used_bytes", "jvm_gc_collection_seconds");
  }

  @Test
  void stalenessIsAHeatmapOfBuckets() {
    boolean heatmap = graphs().stream().anyMatch(p -> p.path("type").asText().equals("heatmap")
        && p.path("targets").path(0).path("expr").asText().contains("editrl_group_staleness_bucket")
        && p.path("targets").path(0).path("format").asText().equals("heatmap"));
    assertThat(heatmap).isTrue();
  }

  @Test
  void provisioningPointsAtPrometheusAndTheDashboardFolder() {
    Path prov = DeployFiles.grafana().resolve("provisioning");
    JsonNode ds = DeployFiles.yaml(prov.resolve("datasources/prometheus.yml"));
    assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode source = ds.path("datasources").path(0);
    assertThat(source.path("type").asText()).isEqualTo("prometheus");
    assertThat(source.path("url").asText()).startsWith("http://");

    JsonNode dashboards = DeployFiles.yaml(prov.resolve("dashboards/editrl.yml"));
    JsonNode provider = dashboards.path("providers").path(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    String path = provider.path("options").path("path").asText();
    assertThat(path).startsWith("/");
    // deploy/README.md mounts the dashboard where the provider looks.
    assertThat(DeployFiles.read(DeployFiles.module().resolve("README.md")))
        .contains("editrl-dashboard.json:" + path + "/editrl-dashboard.json");
  }
}
