package org.editrl.world.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.editrl.core.RgbImage;
import org.junit.jupiter.api.Test;

class SceneRendererTest {
  private static double sum(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }

  @Test
  void coverageMatchesTheGeometricArea() {
    for (int res : new int[] {32, 64, 96}) {
      SceneRenderer r = new SceneRenderer(res);
      double cell = res / 3.0;
      double h = Size.LARGE.cellFraction() * cell / 2;
      double circle = sum(r.coverage(new Shape(ShapeKind.CIRCLE, Colour.RED, Size.LARGE, Cell.CENTRE)));
      assertThat(circle).as("circle at %d", res).isCloseTo(Math.PI * h * h, within(0.04 * Math.PI * h * h));
      double square = sum(r.coverage(new Shape(ShapeKind.SQUARE, Colour.RED, Size.LARGE, Cell.CENTRE)));
      assertThat(square).as("square has the circle's area").isCloseTo(circle, within(0.06 * circle));
      double diamond = sum(r.coverage(new Shape(ShapeKind.DIAMOND, Colour.RED, Size.LARGE, Cell.CENTRE)));
      assertThat(diamond).isCloseTo(2 * h * h, within(0.06 * 2 * h * h));
    }
  }

  @Test
  void edgesAreAntiAliasedAndInteriorsExact() {
    SceneRenderer r = new SceneRenderer(32);
    float[] cov = r.coverage(new Shape(ShapeKind.CIRCLE, Colour.RED, Size.LARGE, Cell.CENTRE));
    int partial = 0;
    for (float c : cov) {
      if (c > 0 && c < 1) {
        partial++;
      }
    }
    assertThat(partial).isGreaterThan(10);
    assertThat(cov[16 * 32 + 16]).isEqualTo(1f); // centre pixel fully inside
    Scene s = new Scene(Colour.GREY, List.of(new Shape(ShapeKind.CIRCLE, Colour.RED, Size.LARGE, Cell.CENTRE)));
    RgbImage img = r.render(s);
    assertThat(img.get(0, 16, 16)).isEqualTo(Colour.RED.r());
    assertThat(img.get(0, 0, 0)).isEqualTo(Colour.GREY.r());
    // an edge pixel is a blend: strictly between background and shape colour
    for (int i = 0; i < cov.length; i++) {
      if (cov[i] > 0.2 && cov[i] < 0.8) {
        float v = img.get(1, i / 32, i % 32);
        assertThat(v).isStrictlyBetween(Colour.RED.g(), Colour.GREY.g());
      }
    }
  }

  @Test
  void shapesStayInsideTheirCell() {
    SceneRenderer r = new SceneRenderer(32);
    for (Cell c : Cell.values()) {
      float[] cov = r.coverage(new Shape(ShapeKind.SQUARE, Colour.RED, Size.LARGE, c));
      double side = 32 / 3.0;
      for (int i = 0; i < cov.length; i++) {
        if (cov[i] > 0) {
          int y = i / 32;
          int x = i % 32;
          assertThat(x + 1 > c.col() * side && x < (c.col() + 1) * side).isTrue();
          assertThat(y + 1 > c.row() * side && y < (c.row() + 1) * side).isTrue();
        }
      }
    }
  }

  @Test
  void renderingIsRepeatable() {
    Scene s = new Scene(Colour.BEIGE, List.of(
        new Shape(ShapeKind.TRIANGLE, Colour.BLUE, Size.SMALL, Cell.TOP_LEFT),
        new Shape(ShapeKind.DIAMOND, Colour.GREEN, Size.LARGE, Cell.BOTTOM_RIGHT)));
    assertThat(new SceneRenderer(48).render(s)).isEqualTo(new SceneRenderer(48).render(s));
  }
}
