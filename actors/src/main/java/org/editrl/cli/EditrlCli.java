package org.editrl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.editrl.core.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code ./editrl}. Subcommands are registered in {@link #SUBCOMMANDS}. */
@Command(
    name = "editrl",
    mixinStandardHelpOptions = true,
    versionProvider = EditrlCli.Version.class,
    description = "Trains instruction-guided flow-matching image editors with Dense GRPO.",
    subcommands = {CommandLine.HelpCommand.class})
public final class EditrlCli implements Runnable {
  /** Exit status for bad input a user can fix. */
  public static final int EXIT_USER_ERROR = 2;
  /** Exit status for an internal error (a bug). */
  public static final int EXIT_INTERNAL_ERROR = 1;

  /** One instance per subcommand; each is a picocli {@code @Command}. */
  static Object[] subcommands() {
    return new Object[] {
      BenchCommand.commandLine(),
      new TrainCommand(),
      new WorkerCommand(),
      new SampleCommand(),
      new PretrainCommand(),
      new WorldCommand(),
      new ScoreCommand(),
    };
  }

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the CLI and returns the exit status; the streams are the command's stdout and stderr. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine();
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return cli.execute(args);
  }

  /** The fully wired command line (tests use it to inspect commands). */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new EditrlCli());
    for (Object sub : subcommands()) {
      cli.addSubcommand(sub);
    }
    cli.setParameterExceptionHandler(EditrlCli::onBadArguments);
    cli.setExecutionExceptionHandler(EditrlCli::onFailure);
    return cli;
  }

  /** A wrong flag or value: one line and a pointer to --help, no usage dump. */
  private static int onBadArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr()
        .println(
            "editrl: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
    return EXIT_USER_ERROR;
  }

  private static int onFailure(
      Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    boolean verbose = parseResult.hasMatchedOption("--verbose")
        || (parseResult.subcommand() != null && anyVerbose(parseResult));
    PrintWriter err = cmd.getErr();
    Throwable userError = findUserError(e);
    if (userError != null) {
      err.println("editrl: error: " + userError.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return EXIT_USER_ERROR;
    }
    err.println("editrl: internal error: " + e + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    return EXIT_INTERNAL_ERROR;
  }

  private static boolean anyVerbose(CommandLine.ParseResult r) {
    for (CommandLine.ParseResult p = r; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** A UserError may arrive wrapped (e.g. by an executor or an UncheckedIOException). */
  private static Throwable findUserError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserError) {
        return t;
      }
    }
    return null;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = EditrlCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "editrl " + p.getProperty("version", "unknown"),
        "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
