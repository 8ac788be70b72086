package jaguar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jaguar verify <what>}: run a kernel or protocol and compare with its cleartext reference. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check a kernel or protocol against its cleartext reference; exit 0 if exact, 1 if not, 2 on bad options.",
    subcommands = {
      // one line per verification: conv, share, mpc
      VerifyConvCommand.class,
      VerifyShareCommand.class,
      VerifyMpcCommand.class,
      VerifyInferCommand.class,
    })
final class VerifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
