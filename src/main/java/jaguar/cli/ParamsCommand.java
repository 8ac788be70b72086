package jaguar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jaguar params <what>}: questions about parameter sets. */
@Command(
    name = "params",
    mixinStandardHelpOptions = true,
    description = "Check parameter sets: security (HE standard) and the noise budget of the HE-to-share boundary.",
    subcommands = {ParamsCheckCommand.class})
final class ParamsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
