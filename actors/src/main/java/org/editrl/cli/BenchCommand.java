package org.editrl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code editrl bench …}: benchmarks that print ratios measured side by side in one run (never
 * timed tests). Each benchmark is a subcommand registered in {@link #benchmarks()}; figures and
 * the machine they ran on are recorded in {@code bench/README.md}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: speed and memory figures measured side by side in one run.")
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One instance per benchmark; each is a picocli {@code @Command}. */
  static Object[] benchmarks() {
    return new Object[] {
      new LearnBench(),
      new ModelBench(),
      new WeightsBench(),
      new PipelineBench(),
    };
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BenchCommand());
    for (Object b : benchmarks()) {
      cli.addSubcommand(b);
    }
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
