package org.editrl.actors.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every key of editrl-reference.conf has a comment, and docs/config.md carries the generated
 * table. To regenerate the table after changing the reference:
 * {@code mvn -B -q -pl actors -am test -Dtest=ConfigReferenceDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Deditrl.docs.write=true}.
 */
class ConfigReferenceDocsTest {
  static final Path DOCS = Path.of("..", "docs", "config.md");
  static final String BEGIN = "<!-- BEGIN GENERATED: keys of editrl-reference.conf -->\n";
  static final String END = "<!-- END GENERATED -->";

  @Test
  void everyKeyIsDocumentedInTheReference() {
    ConfigReference ref = ConfigReference.get();
    assertThat(ref.keys()).hasSizeGreaterThan(20);
    assertThat(ref.keys()).allSatisfy(k -> assertThat(k.comment()).as(k.path()).isNotBlank());
    assertThat(ref.paths()).contains("editrl.weights.chunk-bytes", "editrl.cluster.seed-nodes",
        "editrl.metrics.port", "editrl.weights.tls.cert-chain");
  }

  @Test
  void docsCarryTheGeneratedTable() throws IOException {
    String docs = Files.readString(DOCS);
    int begin = docs.indexOf(BEGIN);
    int end = docs.indexOf(END);
    assertThat(begin).as("docs/config.md has the generated-table markers").isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String table = ConfigReference.get().markdownTable();
    String current = docs.substring(begin + BEGIN.length(), end);
    if (!current.equals(table) && Boolean.getBoolean("editrl.docs.write")) {
      Files.writeString(DOCS, docs.substring(0, begin + BEGIN.length()) + table + docs.substring(end));
      current = table;
    }
    assertThat(current)
        .as("docs/config.md is out of date with editrl-reference.conf; regenerate it with -Deditrl.docs.write=true (see this test's javadoc)")
        .isEqualTo(table);
  }
}
