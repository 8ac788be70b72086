package jaguar.cli;

import jaguar.report.Figures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "figures",
    mixinStandardHelpOptions = true,
    description = "Regenerate every figure and Markdown table from the CSV files in results/ alone.")
final class FiguresCommand implements Callable<Integer> {
  @Option(names = "--results", defaultValue = "results", description = "results root (default: ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--figures", defaultValue = "figures", description = "figures root (default: ${DEFAULT-VALUE})")
  Path figures;

  @Override
  public Integer call() throws Exception {
    List<Path> made = Figures.makeAll(results, figures);
    for (Path p : made) {
      System.out.println(p);
    }
    System.err.println("figures: wrote " + made.size() + " files");
    return 0;
  }
}
