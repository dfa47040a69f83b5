package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every YAML file of the module parses, and none is empty. */
class YamlFilesTest {
  @Test
  void everyYamlFileParses() {
    List<Path> files = DeployFiles.files(DeployFiles.module(), ".yaml", ".yml");
    assertThat(files).hasSizeGreaterThanOrEqualTo(14);
    for (Path f : files) {
      assertThat(DeployFiles.yamlDocuments(f)).as("documents of %s", f).isNotEmpty()
          .allMatch(d -> d.isObject(), "is a mapping");
    }
  }

  @Test
  void aBrokenDocumentIsReported() throws Exception {
    Path f = java.nio.file.Files.createTempFile("broken", ".yaml");
    try {
      java.nio.file.Files.writeString(f, "a: 1\n---\nb: [unclosed\n");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeployFiles.yamlDocuments(f))
          .hasMessageContaining("cannot parse");
      java.nio.file.Files.writeString(f, "a: 1\n---\nb: 2\n");
      assertThat(DeployFiles.yamlDocuments(f)).hasSize(2);
    } finally {
      java.nio.file.Files.delete(f);
    }
  }
}
