package jaguar.cli;

import jaguar.experiment.LoadedConfig;
import jaguar.experiment.Runner;
import jaguar.experiment.Shard;
import jaguar.report.Figures;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one experiment from its YAML config: CSV to results/<name>/, figures to figures/<name>/.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "the experiment's YAML file")
  Path config;

  @Option(names = "--results", defaultValue = "results", description = "results root (default: ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--figures", defaultValue = "figures", description = "figures root (default: ${DEFAULT-VALUE})")
  Path figures;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "run the I-th of N deterministic parts of the config's cases into results/<name>/shards/I-of-N/ "
          + "(kinds conv-microbench, end-to-end, private-accuracy); 'jaguar merge results/<name>' joins them")
  String shard;

  @Override
  public Integer call() throws Exception {
    Shard part;
    try {
      part = shard == null ? Shard.WHOLE : Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    LoadedConfig c = Runner.load(config);
    Path dir = new Runner(results, System.err).run(c, part);
    if (!part.whole()) {
      System.err.println("[" + c.name() + "] shard " + part + " done; when every shard is, run: bin/jaguar merge "
          + results.resolve(c.name()));
      return 0;
    }
    for (Path f : Figures.makeFor(dir, figures)) {
      System.err.println("[" + c.name() + "] figure " + f);
    }
    return 0;
  }
}
