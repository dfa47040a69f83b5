package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editrl.cli.EditrlCliTest.Result;
import org.editrl.core.JsonLines;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldAndScoreCommandTest {
  @TempDir Path tmp;
  Path data;
  Path manifest;

  @BeforeEach
  void writeWorld() {
    data = tmp.resolve("w");
    Result r = EditrlCliTest.run("world", "--count", "12", "--split", "heldout", "--out", data.toString(),
        "--seed", "4");
    assertThat(r.status()).as(r.err()).isZero();
    manifest = data.resolve("manifest.jsonl");
  }

  private static List<JsonNode> json(String out) throws IOException {
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.strip().split("\n")) {
      l.add(JsonLines.MAPPER.readTree(line));
    }
    return l;
  }

  /** A user error: exit 2, one line on stderr, no stack trace. */
  private static void assertOneLineUserError(Result r, String... contains) {
    assertThat(r.status()).as(r.err()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("editrl: ").doesNotContain("\tat ").doesNotContain("Exception");
    for (String c : contains) {
      assertThat(r.err()).contains(c);
    }
  }

  @Test
  void worldWritesManifestWithBothPhrasingsCategoryAndImages() throws IOException {
    List<JsonNode> rows = json(Files.readString(manifest));
    assertThat(rows).hasSize(12);
    for (JsonNode row : rows) {
      assertThat(row.get("id").asText()).startsWith("heldout-");
      assertThat(row.get("instruction").asText()).isNotBlank();
      assertThat(row.get("reasoning_instruction").asText()).isNotBlank();
      assertThat(row.get("category").asText()).isIn("factual", "conceptual", "procedural");
      assertThat(row.get("split").asText()).isEqualTo("heldout");
      for (String col : List.of("source", "target", "mask")) {
        RgbImage img = Png.read(data.resolve(row.get(col).asText()));
        assertThat(img.width()).isEqualTo(32);
      }
    }
  }

  @Test
  void worldIsDeterministicBySeedAndTakesAResolution() throws IOException {
    Path again = tmp.resolve("again");
    assertThat(EditrlCliTest.run("world", "--count", "12", "--split", "heldout", "--out",
        again.toString(), "--seed", "4").status()).isZero();
    assertThat(Files.readString(again.resolve("manifest.jsonl"))).isEqualTo(Files.readString(manifest));
    assertThat(Files.readAllBytes(again.resolve("target/heldout-5.png")))
        .isEqualTo(Files.readAllBytes(data.resolve("target/heldout-5.png")));
    Path big = tmp.resolve("big");
    assertThat(EditrlCliTest.run("world", "--count", "2", "--out", big.toString(), "--resolution", "64")
        .status()).isZero();
    assertThat(Png.read(big.resolve("source/train-0.png")).width()).isEqualTo(64);
  }

  @Test
  void scoringTheTargetColumnGivesAtLeast099AndTheSourceAtMost035() throws IOException {
    Result t = EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates", "target",
        "--judge", "verifiable");
    assertThat(t.status()).as(t.err()).isZero();
    List<JsonNode> lines = json(t.out());
    assertThat(lines).hasSize(12);
    for (JsonNode l : lines) {
      assertThat(l.get("reward").asDouble()).isGreaterThanOrEqualTo(0.99);
      assertThat(l.get("sub_scores").has("preservation")).isTrue();
      assertThat(l.get("judge").asText()).isEqualTo("verifiable");
    }
    Result s = EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates", "source");
    for (JsonNode l : json(s.out())) {
      assertThat(l.get("reward").asDouble()).isLessThanOrEqualTo(0.35);
    }
  }

  @Test
  void candidatesFromADirectoryAreNamedByTaskId() throws IOException {
    Path cands = tmp.resolve("cands");
    Files.createDirectories(cands);
    for (JsonNode row : json(Files.readString(manifest))) {
      Files.copy(data.resolve(row.get("target").asText()), cands.resolve(row.get("id").asText() + ".png"));
    }
    Result r = EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates", cands.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(json(r.out())).allSatisfy(l -> assertThat(l.get("reward").asDouble()).isGreaterThanOrEqualTo(0.99));
    Files.delete(cands.resolve("heldout-3.png"));
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates",
        cands.toString()), "heldout-3");
  }

  @Test
  void unknownJudgeIsOneLineExitTwo() {
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates",
        "target", "--judge", "oracle"), "unknown judge 'oracle'", "verifiable");
  }

  @Test
  void missingManifestOrCandidatesAreOneLineExitTwo() {
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", tmp.resolve("nope.jsonl").toString(),
        "--candidates", "target"), "manifest not found");
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", manifest.toString(),
        "--candidates", tmp.resolve("no-dir").toString()), "neither a column");
  }

  @Test
  void aMalformedManifestLineIsSkippedWithAWarningOrStopsWithStrict() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
    lines.set(2, "{\"source\": broken");
    Files.write(manifest, lines);
    Result r = EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates", "target");
    assertThat(r.status()).isZero();
    assertThat(json(r.out())).hasSize(11);
    assertThat(r.err()).contains("warning: " + manifest + ":3: malformed JSON");
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates",
        "target", "--strict"), manifest + ":3: malformed JSON");
  }

  @Test
  void aCandidateOfTheWrongSizeIsOneLineExitTwo() throws IOException {
    Path cands = tmp.resolve("wrong");
    for (JsonNode row : json(Files.readString(manifest))) {
      Png.write(RgbImage.filled(48, 48, 0.5f, 0.5f, 0.5f), cands.resolve(row.get("id").asText() + ".png"));
    }
    assertOneLineUserError(EditrlCliTest.run("score", "--manifest", manifest.toString(), "--candidates",
        cands.toString()), "48x48", "32x32");
  }

  @Test
  void unknownSplitIsOneLineExitTwoAndVerboseShowsTheTrace() {
    assertOneLineUserError(EditrlCliTest.run("world", "--split", "test", "--out", tmp.resolve("x").toString()),
        "unknown split 'test'", "train, heldout");
    Result v = EditrlCliTest.run("world", "--split", "test", "--out", tmp.resolve("x").toString(), "--verbose");
    assertThat(v.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(v.err()).contains("\tat ");
  }

  @Test
  void badResolutionIsOneLineExitTwo() {
    assertOneLineUserError(EditrlCliTest.run("world", "--resolution", "4", "--out", tmp.resolve("x").toString()),
        "resolution");
  }
}
