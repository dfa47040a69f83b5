package org.editrl.actors.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of a /metrics endpoint in the Prometheus text format, parsed. */
public record Scrape(String body, Map<String, String> types, Map<String, Double> samples) {
  public static Scrape of(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + r.statusCode());
    }
    if (!r.headers().firstValue("content-type").orElse("").startsWith("text/plain")) {
      throw new AssertionError("unexpected content type " + r.headers().firstValue("content-type"));
    }
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return new Scrape(r.body(), types, samples);
  }

  /** A sample's value, e.g. {@code value("editrl_groups_total{role=\"rollout\",worker=\"w1\"}")}. */
  public double value(String sample) {
    Double v = samples.get(sample);
    if (v == null) {
      throw new AssertionError("no sample " + sample + " in scrape:\n" + body);
    }
    return v;
  }
}
