package org.editrl.deploy;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric series an editrl node exports: editrl's own families as docs/metrics.md lists them,
 * and the client_java JVM metrics (registered here on a fresh registry, as EditrlMetrics does, so
 * the names are the real ones of the client_java version editrl uses).
 */
final class MetricCatalog {
  private static final Pattern ROW = Pattern.compile(
      "^\\|\\s*`(editrl_[a-z0-9_]+)`\\s*\\|\\s*(counter|gauge|histogram|summary|info)\\s*\\|", Pattern.MULTILINE);

  /** Family name (as exposed: counters with _total) to type. */
  private final Map<String, String> families = new LinkedHashMap<>();
  private final Map<String, String> documented = new LinkedHashMap<>();

  private MetricCatalog() {}

  static MetricCatalog load() {
    MetricCatalog c = new MetricCatalog();
    String doc = DeployFiles.read(DeployFiles.repo().resolve("docs/metrics.md"));
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      c.documented.put(m.group(1), m.group(2));
    }
    if (c.documented.isEmpty()) {
      throw new IllegalStateException("no metric table rows found in docs/metrics.md");
    }
    c.families.putAll(c.documented);
    c.families.putAll(jvm());
    return c;
  }

  /** editrl's families from docs/metrics.md, name to type. */
  Map<String, String> documented() {
    return documented;
  }

  /** Every family, editrl's and the JVM's. */
  Map<String, String> families() {
    return families;
  }

  /** The JVM metric families client_java's JvmMetrics registers, name as exposed to type. */
  static Map<String, String> jvm() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    Map<String, String> out = new LinkedHashMap<>();
    for (MetricSnapshot s : registry.scrape()) {
      String name = s.getMetadata().getPrometheusName();
      if (s instanceof CounterSnapshot) {
        out.put(name + "_total", "counter");
      } else if (s instanceof GaugeSnapshot) {
        out.put(name, "gauge");
      } else if (s instanceof HistogramSnapshot) {
        out.put(name, "histogram");
      } else if (s instanceof SummarySnapshot) {
        out.put(name, "summary");
      } else if (s instanceof InfoSnapshot) {
        out.put(name + "_info", "info");
      } else if (s instanceof StateSetSnapshot) {
        out.put(name, "stateset");
      } else {
        out.put(name, "unknown");
      }
    }
    return out;
  }

  /** Every series name a query may use: histograms as _bucket/_sum/_count, summaries also bare. */
  Set<String> seriesNames() {
    Set<String> names = new LinkedHashSet<>();
    families.forEach((name, type) -> {
      switch (type) {
        case "histogram" -> {
          names.add(name + "_bucket");
          names.add(name + "_sum");
          names.add(name + "_count");
        }
        case "summary" -> {
          names.add(name);
          names.add(name + "_sum");
          names.add(name + "_count");
        }
        default -> names.add(name);
      }
    });
    return names;
  }

  /** The family a series belongs to (strips _bucket/_sum/_count of histograms and summaries). */
  String familyOf(String series) {
    if (families.containsKey(series)) {
      return series;
    }
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (series.endsWith(suffix)) {
        String base = series.substring(0, series.length() - suffix.length());
        String type = families.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return null;
  }
}
