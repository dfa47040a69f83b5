package org.editrl.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.model.Conditioning;
import org.editrl.learner.pretrain.PairBatches;
import org.editrl.learner.pretrain.PretrainSettings;
import org.editrl.learner.pretrain.Pretrainer;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.ModelConfig;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.rollout.GroupSampler;
import org.editrl.rollout.TaskTensors;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl bench model}: the policy's speed and memory, side by side in one run — pretrain
 * samples/s, sampler images/s at batch 8 and 32, and native memory (VmRSS, live NDArrays)
 * before and after many sampler calls (flat means no NDArray leak). Figures: bench/README.md.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Pretrain samples/s, sampler images/s at batch 8 and 32, native memory before/after N sampler calls.")
final class ModelBench implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--size", defaultValue = "smoke", description = "Model size: smoke (default; a few minutes on 2 cores) or default.")
  String size;

  @Option(names = "--calls", description = "Sampler calls for the memory check (default 1000).")
  int calls = 1000;

  @Option(names = "--steps", description = "Sampling steps (default 10).")
  int steps = 10;

  @Option(names = "--memory-steps", description = "Sampling steps of each memory-check call (default 4; window 1:2).")
  int memorySteps = 4;

  @Option(names = "--repeats", description = "Timed sampler calls per batch size (default 3).")
  int repeats = 3;

  @Option(names = "--train-steps", description = "Timed pretrain steps at batch 32 (default 10).")
  int trainSteps = 10;

  @Mixin ThreadsOption threadsOption;

  @Option(names = "--seed", description = "Seed of the model and the tasks (default 0).")
  long seed;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int threads = threadsOption.checked();
    EngineThreads.set(threads);
    Vocabulary vocabulary = Vocabulary.world();
    ModelConfig config = switch (size) {
      case "smoke" -> ModelConfig.smoke(vocabulary.size());
      case "default" -> ModelConfig.defaults(vocabulary.size());
      default -> throw new UserError("unknown --size '" + size + "': use smoke or default");
    };
    if (calls < 1 || repeats < 1 || steps < 2) {
      throw new UserError("--calls and --repeats must be >= 1 and --steps >= 2");
    }
    EditWorld world = new EditWorld(seed, config.imageSize());
    List<EditTask> tasks = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      tasks.add(world.task(Split.TRAIN, i));
    }
    err.printf("bench model: %s model %s, %d cores, %d PyTorch threads, %d sampler steps%n", size,
        config.toJson(), Runtime.getRuntime().availableProcessors(), threads, steps);
    try (EditPolicy policy = EditPolicy.create(config, seed);
        NDManager m = NDManager.newBaseManager()) {
      report(out, "pretrain_samples_per_s", PRETRAIN_BATCH, pretrainSamplesPerSecond(vocabulary, err));

      GroupSampler sampler = new GroupSampler(policy, TimeGrid.uniform(steps), SdeSettings.defaults());
      for (int batch : new int[] {8, 32}) {
        try (NDManager b = m.newSubManager()) {
          Conditioning c = TaskTensors.conditioning(b, tasks.subList(0, batch), vocabulary, config.maxTokens(), false);
          sampler.sampleOde(b, c, 0).close(); // warm-up
          long t0 = System.nanoTime();
          for (int r = 0; r < repeats; r++) {
            sampler.sampleOde(b, c, r + 1).close();
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          report(out, "sampler_images_per_s", batch, batch * repeats / seconds);
        }
      }

      // Memory: one call = a windowed group of 2 (SDE window 1:2, ODE elsewhere) of one task.
      GroupSampler small = new GroupSampler(policy, TimeGrid.uniform(memorySteps), SdeSettings.defaults());
      try (NDManager b = m.newSubManager()) {
        Conditioning one = TaskTensors.conditioning(b, tasks.subList(0, 1), vocabulary, config.maxTokens(), false);
        int warm = Math.max(1, calls / 10);
        Memory start = Memory.now(m, policy);
        long t0 = System.nanoTime();
        Memory warmed = null;
        Memory half = null;
        for (int i = 0; i < calls; i++) {
          try (NDManager call = b.newSubManager()) {
            small.sampleGroup(call, one, 2, 1, 2, i);
          }
          if (i + 1 == warm) {
            warmed = Memory.now(m, policy);
          }
          if (i + 1 == calls / 2) {
            half = Memory.now(m, policy);
          }
        }
        if (half == null) {
          half = warmed;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Memory end = Memory.now(m, policy);
        err.printf("memory over %d sampler calls (%.1f s):%n  before:      %s%n  after %4d:  %s%n  after %4d:  %s%n  after %4d:  %s%n",
            calls, seconds, start, warm, warmed, calls / 2, half, calls, end);
        // A leak of even one group's states (G·(k+1)·3·H·W fp32) per call would grow RSS linearly by
        // at least that much; compare the second half's growth per call with it.
        double perCallKib = (end.rssMinusHeapMib() - half.rssMinusHeapMib()) * 1024 / Math.max(1, calls - calls / 2);
        double groupKib = 2.0 * 3 * 3 * config.imageSize() * config.imageSize() * 4 / 1024;
        err.printf("  growth over the second half: %.1f KiB per call (one leaked group's states would be %.1f KiB per call)%n",
            perCallKib, groupKib);
        ObjectNode line = JsonLines.MAPPER.createObjectNode();
        line.put("bench", "model").put("metric", "sampler_memory").put("calls", calls)
            .put("steps_per_call", memorySteps).put("seconds", Math.round(seconds * 10) / 10.0)
            .put("rss_mib_before", start.rssMib()).put("rss_mib_after_warmup", warmed.rssMib())
            .put("rss_mib_after_half", half.rssMib()).put("rss_mib_after", end.rssMib()).put("warmup_calls", warm)
            .put("rss_minus_heap_mib_after_warmup", warmed.rssMinusHeapMib())
            .put("rss_minus_heap_mib_after_half", half.rssMinusHeapMib())
            .put("rss_minus_heap_mib_after", end.rssMinusHeapMib())
            .put("heap_used_mib_after_warmup", warmed.heapUsedMib()).put("heap_used_mib_after", end.heapUsedMib())
            .put("ndarrays_before", start.arrays()).put("ndarrays_after", end.arrays())
            .put("policy_ndarrays_before", start.policyArrays()).put("policy_ndarrays_after", end.policyArrays())
            .put("second_half_kib_per_call", Math.round(perCallKib * 10) / 10.0).put("one_group_states_kib", groupKib);
        out.println(JsonLines.toLine(line));
      }
    }
    out.flush();
    return 0;
  }

  private static final int PRETRAIN_BATCH = 32;
  private static final int PRETRAIN_WARMUP_STEPS = 2;

  /**
   * Pretrain steps (the pretrain command's own {@link Pretrainer}: x̂0 loss, backward, clipping,
   * AdamW; 20 % caption-only batches) at batch 32 on a fresh model of the chosen size; the first
   * steps are warm-up and not timed.
   */
  private double pretrainSamplesPerSecond(Vocabulary vocabulary, PrintWriter err) {
    PretrainSettings p = "smoke".equals(size) ? PretrainSettings.smoke(vocabulary.size())
        : PretrainSettings.defaults(vocabulary.size());
    PretrainSettings timed = new PretrainSettings(p.preset(), p.model(), trainSteps + PRETRAIN_WARMUP_STEPS,
        PRETRAIN_BATCH, p.peakLr(), p.warmupFraction(), p.minLr(), p.weightDecay(), p.maxGradNorm(),
        p.editWeight(), p.captionFraction(), seed, p.worldSeed(), 0, p.samplerSteps(), Integer.MAX_VALUE);
    PairBatches batches = new PairBatches(new EditWorld(timed.worldSeed(), timed.model().imageSize()),
        vocabulary, PRETRAIN_BATCH, timed.model().maxTokens(), timed.captionFraction(), seed);
    long[] started = new long[1];
    try (EditPolicy fresh = EditPolicy.create(timed.model(), seed)) {
      new Pretrainer(timed, batches).train(fresh, step -> {
        if (step == PRETRAIN_WARMUP_STEPS) {
          started[0] = System.nanoTime();
        }
      }, log -> {});
    }
    double seconds = (System.nanoTime() - started[0]) / 1e9;
    double rate = (double) PRETRAIN_BATCH * trainSteps / seconds;
    err.printf("pretrain: %d steps at batch %d in %.1f s: %.1f samples/s%n", trainSteps, PRETRAIN_BATCH, seconds, rate);
    return rate;
  }

  private static void report(PrintWriter out, String metric, int batch, double value) {
    ObjectNode line = JsonLines.MAPPER.createObjectNode();
    line.put("bench", "model").put("metric", metric).put("batch", batch).put("value", Math.round(value * 100) / 100.0);
    out.println(JsonLines.toLine(line));
    out.flush();
  }

  /** Resident memory of the process and live NDArray counts. */
  record Memory(double rssMib, double heapUsedMib, double heapCommittedMib, int arrays, int policyArrays) {
    /** Measured after a full GC, so Java garbage does not count as growth. */
    static Memory now(NDManager m, EditPolicy policy) {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      double heap = (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
      double committed = rt.totalMemory() / (1024.0 * 1024.0);
      return new Memory(readRssMib(), round(heap), round(committed), m.getManagedArrays().size(),
          policy.manager().getManagedArrays().size());
    }

    /**
     * RSS less the committed Java heap: native memory (PyTorch, JIT, metaspace) plus only the
     * heap pages never touched. Young-generation pages touched for the first time make RSS grow
     * without any leak; this figure excludes them.
     */
    double rssMinusHeapMib() {
      return round(rssMib - heapCommittedMib);
    }

    private static double round(double v) {
      return Math.round(v * 10) / 10.0;
    }

    /** VmRSS from /proc/self/status (Linux), in MiB; −1 where unavailable. */
    static double readRssMib() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
          }
        }
      } catch (IOException | NumberFormatException e) {
        // not Linux
      }
      return -1;
    }

    @Override
    public String toString() {
      return String.format("RSS %.1f MiB (Java heap %.1f MiB in use, %.1f committed; RSS - heap %.1f MiB), "
          + "%d live sampler arrays, %d policy arrays", rssMib, heapUsedMib, heapCommittedMib, rssMinusHeapMib(), arrays, policyArrays);
    }
  }
}
