package jaguar.cli;

import jaguar.experiment.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jaguar} command. Exit codes: 0 success, 1 a check failed (verify found mismatches),
 * 2 bad input (an option, a config field, a file; one line naming it and what is valid), other
 * codes as documented by each command.
 */
@Command(
    name = "jaguar",
    mixinStandardHelpOptions = true,
    version = "jaguar 0.1.0",
    description = "Private CNN inference with power-of-two homomorphic arithmetic, and its Cheetah baseline.",
    subcommands = {
      RunCommand.class,
      MergeCommand.class,
      ReproduceCommand.class,
      FiguresCommand.class,
      VerifyCommand.class,
      ServeCommand.class,
      InferCommand.class,
      TrainCommand.class,
      ModelCommand.class,
      ParamsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for bad input: an option, config field or file that cannot be used. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(Main::badParameter);
    cl.setExecutionExceptionHandler(Main::failed);
    return cl;
  }

  private static int badParameter(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage());
    err.println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return BAD_INPUT;
  }

  private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    if (e instanceof ConfigException || e instanceof BadInputException) {
      err.println(cl.getCommandName() + ": " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    err.println(cl.getCommandName() + ": failed: " + e);
    e.printStackTrace(err);
    err.flush();
    return 1;
  }
}
