package jaguar.cli;

import jaguar.experiment.LoadedConfig;
import jaguar.experiment.Runner;
import jaguar.report.Figures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Run every experiment in configs/: the quick variants (*-quick.yaml, the default) or the full-scale ones.",
      "Every config is validated before the first one runs."
    })
final class ReproduceCommand implements Callable<Integer> {
  static final class Scale {
    @Option(names = "--quick", description = "the quick variants, *-quick.yaml (default)")
    boolean quick;

    @Option(names = "--full", description = "the full-scale configs (everything not *-quick.yaml)")
    boolean full;
  }

  @ArgGroup(exclusive = true)
  Scale scale;

  @Option(names = "--configs", defaultValue = "configs", description = "config directory (default: ${DEFAULT-VALUE})")
  Path configs;

  @Option(names = "--results", defaultValue = "results", description = "results root (default: ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--figures", defaultValue = "figures", description = "figures root (default: ${DEFAULT-VALUE})")
  Path figures;

  @Override
  public Integer call() throws Exception {
    boolean quick = scale == null || !scale.full;
    List<LoadedConfig> all = Runner.loadAll(configs, quick);
    if (all.isEmpty()) {
      throw new BadInputException(
          "no " + (quick ? "quick (*-quick.yaml)" : "full-scale") + " configs in " + configs);
    }
    Runner runner = new Runner(results, System.err);
    int i = 0;
    for (LoadedConfig c : all) {
      System.err.printf("== %d/%d %s (%s)%n", ++i, all.size(), c.name(), c.file());
      Path dir = runner.run(c);
      Figures.makeFor(dir, figures);
    }
    System.err.println("reproduce: ran " + all.size() + " experiments; results in " + results + ", figures in " + figures);
    return 0;
  }
}
