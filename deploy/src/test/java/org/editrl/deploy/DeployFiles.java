package org.editrl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the deploy files are, and how they are read (YAML documents, HOCON, JSON). */
final class DeployFiles {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DeployFiles() {}

  /** The deploy module directory (Surefire runs tests there and sets {@code basedir}). */
  static Path module() {
    Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("k8s")) || !Files.isRegularFile(dir.resolve("pom.xml"))) {
      throw new IllegalStateException("tests must run in the deploy module directory, not " + dir);
    }
    return dir;
  }

  static Path repo() {
    return module().getParent();
  }

  static Path k8s() {
    return module().resolve("k8s");
  }

  static Path prometheus() {
    return module().resolve("prometheus");
  }

  static Path grafana() {
    return module().resolve("grafana");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a (possibly multi-document) YAML file; empty documents are left out. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    return docs;
  }

  /** The single document of a YAML file. */
  static JsonNode yaml(Path file) {
    List<JsonNode> docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " has " + docs.size() + " YAML documents, expected 1");
    }
    return docs.get(0);
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** Files under {@code dir} (recursively, skipping build output) whose name ends with a suffix. */
  static List<Path> files(Path dir, String... suffixes) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/target/"))
          .filter(p -> {
            for (String suffix : suffixes) {
              if (p.getFileName().toString().endsWith(suffix)) {
                return true;
              }
            }
            return false;
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** editrl's defaults: every valid {@code editrl.*} key, with its default. */
  static Config reference() {
    return ConfigFactory.parseFile(
            repo().resolve("actors/src/main/resources/editrl-reference.conf").toFile(),
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
        .resolve();
  }

  /** HOCON text (a ConfigMap's file), unresolved. */
  static Config hocon(String text, String origin) {
    return ConfigFactory.parseString(text,
        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(origin));
  }
}
