package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/docker/Dockerfile against the ./editrl launcher and the reference config; .dockerignore. */
class DockerfileTest {
  /** One instruction: keyword and its arguments (continuation lines joined). */
  record Instruction(String keyword, String args) {}

  static List<Instruction> instructions() {
    String text = DeployFiles.read(DeployFiles.module().resolve("docker/Dockerfile"));
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (current.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        current.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      current.append(t);
      String s = current.toString().strip();
      int sp = s.indexOf(' ');
      out.add(new Instruction(s.substring(0, sp).toUpperCase(java.util.Locale.ROOT), s.substring(sp + 1).strip()));
      current.setLength(0);
    }
    return out;
  }

  /** The jar the launcher runs, relative to the repository root (JAR="$ROOT/…" in ./editrl). */
  static String launcherJar() {
    Matcher m = Pattern.compile("(?m)^JAR=\"\\$ROOT/([^\"]+)\"").matcher(DeployFiles.read(DeployFiles.repo().resolve("editrl")));
    assertThat(m.find()).as("JAR=\"$ROOT/...\" in ./editrl").isTrue();
    return m.group(1);
  }

  private static List<List<Instruction>> stages() {
    List<List<Instruction>> stages = new ArrayList<>();
    for (Instruction i : instructions()) {
      if (i.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      assertThat(stages).as("%s before the first FROM", i).isNotEmpty();
      stages.get(stages.size() - 1).add(i);
    }
    return stages;
  }

  @Test
  void buildsTheJarLikeTheLauncherInAMavenStage() {
    List<List<Instruction>> stages = stages();
    assertThat(stages).hasSize(2);
    List<Instruction> build = stages.get(0);
    assertThat(build.get(0).args()).isEqualToIgnoringCase("maven:3.9-eclipse-temurin-17 AS build");
    String launcher = DeployFiles.read(DeployFiles.repo().resolve("editrl"));
    Matcher mvn = Pattern.compile("mvn ([^>)\n]*package)").matcher(launcher);
    assertThat(mvn.find()).isTrue();
    Set<String> launcherArgs = new TreeSet<>(Arrays.asList(mvn.group(1).split("\\s+")));
    launcherArgs.remove("-q");
    boolean found = build.stream().filter(i -> i.keyword().equals("RUN"))
        .anyMatch(i -> i.args().contains("mvn -B -DskipTests -pl actors -am package")
            && Arrays.asList(i.args().split("\\s+")).containsAll(launcherArgs));
    assertThat(found).as("build stage runs %s", launcherArgs).isTrue();
  }

  @Test
  void runtimeStageRunsTheLaunchersJarOfflineAsANonRootUser() throws Exception {
    List<Instruction> runtime = stages().get(1);
    assertThat(runtime.get(0).args()).isEqualTo("eclipse-temurin:17-jre");
    String jar = launcherJar();
    assertThat(jar).isEqualTo("actors/target/editrl.jar");

    String workdir = stages().get(0).stream().filter(i -> i.keyword().equals("WORKDIR"))
        .map(Instruction::args).reduce((a, b) -> b).orElse("/");
    Instruction copy = runtime.stream().filter(i -> i.keyword().equals("COPY") && i.args().startsWith("--from=build"))
        .findFirst().orElseThrow(() -> new AssertionError("no COPY --from=build"));
    String[] copyArgs = copy.args().split("\\s+");
    assertThat(copyArgs[1]).as("the jar copied from the build stage").isEqualTo(workdir + "/" + jar);
    String installed = copyArgs[2];

    JsonNode entrypoint = DeployFiles.JSON.readTree(runtime.stream().filter(i -> i.keyword().equals("ENTRYPOINT"))
        .findFirst().orElseThrow().args());
    List<String> argv = new ArrayList<>();
    entrypoint.forEach(n -> argv.add(n.asText()));
    assertThat(argv).containsExactly("java", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-jar", installed);

    assertThat(runtime).contains(new Instruction("ENV", "MKL_CBWR=AVX2"));
    Instruction user = runtime.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no USER in the runtime stage"));
    String uid = user.args().split(":")[0];
    assertThat(uid).isNotIn("root", "0");
    // The launcher script for shells (the learner's start script) runs the same jar the same way.
    String launcherScript = runtime.stream().filter(i -> i.keyword().equals("RUN") && i.args().contains("/usr/local/bin/editrl"))
        .map(Instruction::args).findFirst().orElseThrow();
    assertThat(launcherScript).contains("-Dai.djl.offline=true", "-Djava.awt.headless=true", "-jar " + installed);
  }

  @Test
  void exposesThePortsOfTheReferenceConfig() {
    Config ref = DeployFiles.reference();
    Set<Integer> exposed = new TreeSet<>();
    instructions().stream().filter(i -> i.keyword().equals("EXPOSE"))
        .forEach(i -> Arrays.stream(i.args().split("\\s+")).forEach(p -> exposed.add(Integer.parseInt(p.replace("/tcp", "")))));
    assertThat(exposed).containsExactlyInAnyOrder(
        ref.getInt("editrl.cluster.port"),
        ref.getInt("editrl.weights.port"),
        ref.getInt("editrl.metrics.port"),
        ref.getInt("editrl.cluster.kubernetes.management-port"));
  }

  @Test
  void dockerignoreKeepsRunsBuildOutputAndGitOutOfTheContext() {
    List<String> lines = DeployFiles.read(DeployFiles.repo().resolve(".dockerignore")).lines()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(lines).contains(".git", "runs").containsAnyOf("target", "**/target");
    // Nothing the build needs is left out.
    assertThat(lines).doesNotContain("pom.xml", "*/src", "**/src", ".mvn", "actors");
  }
}
