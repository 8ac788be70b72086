package jaguar.cli;

import jaguar.experiment.Runner;
import jaguar.report.Figures;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = "Merge the shards of a run ('jaguar run CONFIG --shard I/N', all of one commit and config) in "
        + "results/<name>/shards/ into results/<name>/, and make its figures.")
final class MergeCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESULT_DIR", description = "results/<name>, the directory holding shards/")
  Path dir;

  @Option(names = "--figures", defaultValue = "figures", description = "figures root (default: ${DEFAULT-VALUE})")
  Path figures;

  @Override
  public Integer call() throws Exception {
    Path abs = dir.toAbsolutePath().normalize();
    Path merged = new Runner(abs.getParent(), System.err).merge(abs);
    for (Path f : Figures.makeFor(merged, figures)) {
      System.err.println("[merge] figure " + f);
    }
    return 0;
  }
}
