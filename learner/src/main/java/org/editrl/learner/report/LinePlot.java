package org.editrl.learner.report;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.AtomicFiles;
import org.editrl.core.Png;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line plot of one or more named series, written as PNG. Built up point by point, e.g.
 * {@code new LinePlot("reward vs step", "step", "reward").add("dense", 1, 0.31).write(path)}.
 */
public final class LinePlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();

  public LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds the point (x, y) to the named series (created on first use); NaN y values are skipped. */
  public LinePlot add(String seriesName, double x, double y) {
    if (!Double.isNaN(y)) {
      series.computeIfAbsent(seriesName, k -> new ArrayList<>()).add(new double[] {x, y});
    }
    return this;
  }

  public boolean isEmpty() {
    return series.isEmpty();
  }

  /** Writes the plot as a PNG (atomically). Series with no points are left out. */
  public void write(Path png) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      List<double[]> pts = s.getValue();
      double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
      double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(s.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
    }
    if (series.isEmpty()) {
      // xchart refuses an empty chart; an empty placeholder keeps the file present.
      chart.addSeries("no data yet", new double[] {0}, new double[] {0});
    }
    AtomicFiles.write(png, Png.encode(BitmapEncoder.getBufferedImage(chart)));
  }
}
