package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.editrl.deploy.Manifests.Resource;
import org.junit.jupiter.api.Test;

/** deploy/k8s: the kustomization, RBAC, the workloads' wiring, and their editrl configuration. */
class KubernetesManifestsTest {
  private final Manifests manifests = Manifests.load();
  private final Config reference = DeployFiles.reference();

  @Test
  void kustomizationListsExactlyTheManifestsPresent() throws Exception {
    JsonNode kustomization = DeployFiles.yaml(DeployFiles.k8s().resolve("kustomization.yaml"));
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    assertThat(listed).doesNotHaveDuplicates();

    Set<String> present = new TreeSet<>();
    for (Path f : DeployFiles.files(DeployFiles.k8s(), ".yaml", ".yml")) {
      String name = DeployFiles.k8s().relativize(f).toString();
      if (!name.startsWith("kustomization.")) {
        present.add(name);
      }
    }
    assertThat(new TreeSet<>(listed)).as("resources of deploy/k8s/kustomization.yaml")
        .isEqualTo(present);
    for (String r : listed) {
      assertThat(Files.isRegularFile(DeployFiles.k8s().resolve(r))).as(r).isTrue();
    }
  }

  @Test
  void kustomizationImageIsTheOneTheWorkloadsUse() throws Exception {
    JsonNode kustomization = DeployFiles.yaml(DeployFiles.k8s().resolve("kustomization.yaml"));
    Set<String> imageNames = new HashSet<>();
    kustomization.path("images").forEach(i -> imageNames.add(i.path("name").asText()));
    for (Resource w : manifests.workloads()) {
      List<JsonNode> containers = new ArrayList<>();
      Manifests.podSpec(w).path("containers").forEach(containers::add);
      Manifests.podSpec(w).path("initContainers").forEach(containers::add);
      for (JsonNode c : containers) {
        assertThat(imageNames).as("image of %s in %s", c.path("name").asText(), w)
            .contains(c.path("image").asText());
      }
    }
  }

  @Test
  void everyObjectHasKindNameAndApiVersion() {
    assertThat(manifests.all()).isNotEmpty();
    for (Resource r : manifests.all()) {
      assertThat(r.doc().path("apiVersion").asText()).as("apiVersion of %s", r).isNotBlank();
      assertThat(r.kind()).as("kind in %s", r.file()).isNotBlank();
      assertThat(r.name()).as("metadata.name of %s", r).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
    Set<String> kinds = new HashSet<>();
    manifests.all().forEach(r -> kinds.add(r.kind()));
    assertThat(kinds).contains("StatefulSet", "Deployment", "Service", "ServiceAccount", "Role",
        "RoleBinding", "ConfigMap", "PersistentVolumeClaim");
  }

  @Test
  void serviceAccountMayGetWatchAndListPodsAndEveryPodUsesIt() {
    Resource account = manifests.one("ServiceAccount");
    Resource role = manifests.one("Role");
    boolean podsReadable = false;
    for (JsonNode rule : role.doc().path("rules")) {
      Set<String> resources = new HashSet<>();
      Set<String> verbs = new HashSet<>();
      Set<String> groups = new HashSet<>();
      rule.path("resources").forEach(n -> resources.add(n.asText()));
      rule.path("verbs").forEach(n -> verbs.add(n.asText()));
      rule.path("apiGroups").forEach(n -> groups.add(n.asText()));
      if (groups.contains("") && resources.contains("pods")
          && verbs.containsAll(Set.of("get", "watch", "list"))) {
        podsReadable = true;
      }
    }
    assertThat(podsReadable).as("%s allows get/watch/list on pods", role).isTrue();

    Resource binding = manifests.one("RoleBinding");
    assertThat(binding.doc().path("roleRef").path("kind").asText()).isEqualTo("Role");
    assertThat(binding.doc().path("roleRef").path("name").asText()).isEqualTo(role.name());
    boolean boundToAccount = false;
    for (JsonNode s : binding.doc().path("subjects")) {
      boundToAccount |= s.path("kind").asText().equals("ServiceAccount")
          && s.path("name").asText().equals(account.name());
    }
    assertThat(boundToAccount).as("%s binds %s", binding, account).isTrue();

    for (Resource w : manifests.workloads()) {
      assertThat(Manifests.podSpec(w).path("serviceAccountName").asText()).as("service account of %s", w)
          .isEqualTo(account.name());
    }
  }

  @Test
  void oneLearnerBehindAHeadlessServiceAndWorkersOfBothRoles() {
    Resource learner = manifests.workload("learner");
    assertThat(learner.kind()).isEqualTo("StatefulSet");
    assertThat(learner.doc().path("spec").path("replicas").asInt()).isEqualTo(1);

    Resource service = manifests.named("Service", learner.doc().path("spec").path("serviceName").asText());
    assertThat(service.doc().path("spec").path("clusterIP").asText()).isEqualTo("None");
    JsonNode selector = service.doc().path("spec").path("selector");
    assertThat(Manifests.selects(selector, Manifests.podLabels(learner))).as("%s selects the learner", service).isTrue();
    Map<String, Integer> learnerPorts = Manifests.ports(Manifests.container(learner));
    for (JsonNode p : service.doc().path("spec").path("ports")) {
      String target = p.path("targetPort").asText();
      assertThat(learnerPorts).as("targetPort %s of %s", target, service).containsKey(target);
      assertThat(p.path("port").asInt()).as("port %s of %s", target, service).isEqualTo(learnerPorts.get(target));
    }

    for (String role : List.of("rollout", "reward")) {
      Resource worker = manifests.workload(role);
      assertThat(worker.kind()).isEqualTo("Deployment");
      assertThat(Manifests.selects(selector, Manifests.podLabels(worker)))
          .as("the learner's service must not select %s", worker).isFalse();
      String line = Manifests.commandLine(Manifests.container(worker));
      assertThat(line).as("command of %s", worker).containsPattern("(^|\\s)worker\\s+--role\\s+" + role + "(\\s|$)");
    }
    assertThat(Manifests.commandLine(Manifests.container(learner))).contains("editrl train");
  }

  @Test
  void selectorsPickTheirOwnPodTemplates() {
    for (Resource w : manifests.workloads()) {
      JsonNode matchLabels = w.doc().path("spec").path("selector").path("matchLabels");
      assertThat(Manifests.selects(matchLabels, Manifests.podLabels(w))).as("selector of %s", w).isTrue();
      for (Resource other : manifests.workloads()) {
        if (other != w) {
          assertThat(Manifests.selects(matchLabels, Manifests.podLabels(other)))
              .as("selector of %s picks pods of %s", w, other).isFalse();
        }
      }
    }
  }

  @Test
  void everyEditrlKeyInTheConfigMapAndTheArgsExistsWithTheReferenceType() {
    for (Resource w : manifests.workloads()) {
      String line = Manifests.commandLine(Manifests.container(w));
      String file = Manifests.configFile(line);
      assertThat(file).as("--config of %s", w).isNotNull();
      Config fileConfig = manifests.configFileOf(w, file);
      assertThat(Manifests.unknownKeys(fileConfig, reference)).as("unknown keys in %s", file).isEmpty();
      assertThat(fileConfig.root().keySet()).as("top-level sections of %s", file).containsOnly("editrl");
      for (String set : Manifests.sets(line)) {
        Config c = Manifests.parseSet(set);
        assertThat(Manifests.unknownKeys(c, reference)).as("unknown key in --set %s of %s", set, w).isEmpty();
        assertSameTypes(c, "--set " + set);
      }
      assertSameTypes(fileConfig, file);
    }
  }

  private void assertSameTypes(Config overrides, String origin) {
    overrides.entrySet().forEach(e -> assertThat(e.getValue().valueType())
        .as("type of %s in %s (reference: %s)", e.getKey(), origin, reference.getValue(e.getKey()).render())
        .isEqualTo(reference.getValue(e.getKey()).valueType()));
  }

  @Test
  void unknownKeysAreCaught() {
    Config typo = Manifests.parseSet("editrl.weights.chunk-byte=2MiB");
    assertThat(Manifests.unknownKeys(typo, reference)).containsExactly("editrl.weights.chunk-byte");
    Config section = DeployFiles.hocon("editrl.cluster { kubernetes { nope = 1 } }", "test");
    assertThat(Manifests.unknownKeys(section, reference)).containsExactly("editrl.cluster.kubernetes.nope");
    assertThat(Manifests.unknownKeys(Manifests.parseSet("editrl.cluster.port=0"), reference)).isEmpty();
    String line = "editrl train --config /etc/x.conf --set a.b=1 --set=c.d=on";
    assertThat(Manifests.sets(line)).containsExactly("a.b=1", "c.d=on");
    assertThat(Manifests.configFile(line)).isEqualTo("/etc/x.conf");
  }

  @Test
  void podsBootstrapThroughTheKubernetesApi() {
    for (Resource w : manifests.workloads()) {
      Config c = manifests.effectiveConfig(w, reference);
      assertThat(c.getString("editrl.cluster.bootstrap")).as("bootstrap of %s", w).isEqualTo("kubernetes");
      // The discovery's pod-label-selector is app=<service-name>.
      assertThat(Manifests.podLabels(w).path("app").asText()).as("app label of %s", w)
          .isEqualTo(c.getString("editrl.cluster.kubernetes.service-name"));
      JsonNode host = Manifests.env(Manifests.container(w)).get("EDITRL_CLUSTER_HOST");
      assertThat(host).as("EDITRL_CLUSTER_HOST of %s", w).isNotNull();
      assertThat(host.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("status.podIP");
      // Reachable from the kubelet (probes) and Prometheus.
      assertThat(c.getString("editrl.metrics.host")).as("metrics host of %s", w).isEqualTo("0.0.0.0");
      assertThat(c.getBoolean("editrl.metrics.enabled")).isTrue();
    }
    Config learner = manifests.effectiveConfig(manifests.workload("learner"), reference);
    assertThat(learner.getString("editrl.weights.host")).isEqualTo("0.0.0.0");
    // The learner forms the cluster alone, so it is the oldest node (keep-oldest keeps its side).
    assertThat(learner.getInt("editrl.cluster.kubernetes.required-contact-points")).isEqualTo(1);
  }

  @Test
  void containerPortsAreTheConfiguredOnes() {
    for (Resource w : manifests.workloads()) {
      Config c = manifests.effectiveConfig(w, reference);
      Map<String, Integer> ports = Manifests.ports(Manifests.container(w));
      assertThat(ports).as("ports of %s", w)
          .containsEntry("remoting", c.getInt("editrl.cluster.port"))
          .containsEntry("management", c.getInt("editrl.cluster.kubernetes.management-port"))
          .containsEntry("metrics", c.getInt("editrl.metrics.port"));
      assertThat(Manifests.podAnnotations(w).path("prometheus.io/port").asText())
          .as("prometheus.io/port of %s", w).isEqualTo(String.valueOf(c.getInt("editrl.metrics.port")));
      assertThat(Manifests.podAnnotations(w).path("prometheus.io/scrape").asText()).isEqualTo("true");
      assertThat(Manifests.podAnnotations(w).path("prometheus.io/path").asText()).isEqualTo("/metrics");
    }
    Resource learner = manifests.workload("learner");
    assertThat(Manifests.ports(Manifests.container(learner)))
        .containsEntry("weights", manifests.effectiveConfig(learner, reference).getInt("editrl.weights.port"));
    // The deployed ports are editrl's defaults, so the image's EXPOSE list and docs agree.
    assertThat(Manifests.ports(Manifests.container(learner))).containsOnly(
        Map.entry("remoting", reference.getInt("editrl.cluster.port")),
        Map.entry("weights", reference.getInt("editrl.weights.port")),
        Map.entry("management", reference.getInt("editrl.cluster.kubernetes.management-port")),
        Map.entry("metrics", reference.getInt("editrl.metrics.port")));
  }

  @Test
  void probesAskTheMetricsEndpointIfHealthy() {
    for (Resource w : manifests.workloads()) {
      JsonNode c = Manifests.container(w);
      int metricsPort = manifests.effectiveConfig(w, reference).getInt("editrl.metrics.port");
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        JsonNode get = c.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as("%s of %s", probe, w).isEqualTo("/-/healthy");
        JsonNode port = get.path("port");
        int number = port.isInt() ? port.asInt() : Manifests.ports(c).getOrDefault(port.asText(), -1);
        assertThat(number).as("%s port of %s", probe, w).isEqualTo(metricsPort);
      }
    }
    // The learner pretrains the base before it serves /metrics: a startup probe holds the
    // liveness probe off for long enough (at least 30 minutes).
    JsonNode startup = Manifests.container(manifests.workload("learner")).path("startupProbe");
    assertThat(startup.path("httpGet").path("path").asText()).isEqualTo("/-/healthy");
    assertThat(startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3))
        .isGreaterThanOrEqualTo(30 * 60);
  }

  @Test
  void runDirectoryAndBaseAreOnThePersistentVolume() {
    Resource pvc = manifests.one("PersistentVolumeClaim");
    Resource learner = manifests.workload("learner");
    Config c = manifests.effectiveConfig(learner, reference);
    String outDir = c.getString("editrl.run.out-dir");
    String base = c.getString("editrl.train.base-checkpoint");
    // The learner's start script resumes the run in EDITRL_RUN_DIR when it holds one.
    assertThat(Manifests.env(Manifests.container(learner)).get("EDITRL_RUN_DIR").path("value").asText())
        .isEqualTo(outDir);
    for (Resource w : manifests.workloads()) {
      String mount = pvcMount(w, pvc.name());
      assertThat(mount).as("%s mounts %s", w, pvc).isNotNull();
      Config wc = manifests.effectiveConfig(w, reference);
      assertThat(wc.getString("editrl.train.base-checkpoint")).as("base of %s", w).startsWith(mount + "/");
      if (w != learner) {
        assertThat(wc.getString("editrl.train.base-checkpoint")).isEqualTo(base);
      }
    }
    assertThat(outDir).startsWith(pvcMount(learner, pvc.name()) + "/");
    Set<String> modes = new HashSet<>();
    pvc.doc().path("spec").path("accessModes").forEach(m -> modes.add(m.asText()));
    assertThat(modes).as("workers on other nodes read the base").contains("ReadWriteMany");
  }

  private static String pvcMount(Resource w, String claim) {
    for (JsonNode v : Manifests.podSpec(w).path("volumes")) {
      if (claim.equals(v.path("persistentVolumeClaim").path("claimName").asText())) {
        for (JsonNode m : Manifests.container(w).path("volumeMounts")) {
          if (m.path("name").asText().equals(v.path("name").asText())) {
            return m.path("mountPath").asText();
          }
        }
      }
    }
    return null;
  }

  @Test
  void workersWaitForTheLearnersClusterOnItsManagementPort() {
    Resource learner = manifests.workload("learner");
    String learnerHost = learner.name() + "-0." + learner.doc().path("spec").path("serviceName").asText();
    int managementPort = manifests.effectiveConfig(learner, reference)
        .getInt("editrl.cluster.kubernetes.management-port");
    for (String role : List.of("rollout", "reward")) {
      Resource worker = manifests.workload(role);
      JsonNode init = Manifests.podSpec(worker).path("initContainers").path(0);
      assertThat(init.isMissingNode()).as("%s has an init container", worker).isFalse();
      Map<String, JsonNode> env = Manifests.env(init);
      assertThat(env.get("LEARNER_HOST").path("value").asText()).isEqualTo(learnerHost);
      assertThat(env.get("LEARNER_MANAGEMENT_PORT").path("value").asText()).isEqualTo(String.valueOf(managementPort));
      assertThat(Manifests.commandLine(init)).contains("/bootstrap/seed-nodes");
    }
  }

  @Test
  void podsRunAsTheImagesNonRootUser() {
    String dockerfile = DeployFiles.read(DeployFiles.module().resolve("docker/Dockerfile"));
    for (Resource w : manifests.workloads()) {
      JsonNode sc = Manifests.podSpec(w).path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).as("%s runs as non-root", w).isTrue();
      assertThat(dockerfile).contains("USER " + sc.path("runAsUser").asInt() + ":");
    }
  }

  @Test
  void shellCommandsFindTheEditrlLauncherInTheImage() {
    String dockerfile = DeployFiles.read(DeployFiles.module().resolve("docker/Dockerfile"));
    for (Resource w : manifests.workloads()) {
      JsonNode c = Manifests.container(w);
      if (c.has("command")) {
        // A command replaces the image's java entrypoint: it must start editrl through the launcher.
        assertThat(Manifests.commandLine(c)).contains("exec editrl ");
        assertThat(dockerfile).contains("> /usr/local/bin/editrl");
      } else {
        assertThat(c.path("args").path(0).asText()).as("first argument of %s", w).isIn("train", "worker");
      }
    }
  }
}
