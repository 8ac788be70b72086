package jaguar.experiment.endtoend;

import jaguar.experiment.ChildJvm;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the end-to-end experiment: one child JVM per vectorisation ({@link EndToEndChild}) runs and
 * checks every session; this parent merges their rows into {@code end_to_end.csv} and {@code
 * layers.csv} and derives {@code summary.csv} (the paper's Tables 5, 10, 11 layout, beside its
 * numbers), {@code avx.csv} (Table 10) and {@code breakdown.csv} (Figures 5 and 1c) ({@link
 * EndToEndTables}).
 */
final class EndToEndExperiment implements Experiment {
  private final EndToEndSettings settings;

  EndToEndExperiment(EndToEndSettings settings) {
    this.settings = settings;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    EndToEndSettings s = settings.withSeed(ctx.seed());
    ctx.log(String.format(Locale.ROOT, "models %s; protocols %s; networks %s; %s; threads %s; %d image(s); transport %s",
        s.models(), s.variants().stream().map(Variant::label).toList(), s.networks().stream().map(n -> n.name()).toList(),
        s.vectorisations().stream().map(Vectorisation::label).toList(), s.threads(), s.images(), s.tcp() ? "tcp" : "in-process"));
    Path work = Files.createTempDirectory("end-to-end-");
    try {
      Path job = work.resolve("job.yaml");
      ChildJvm.writeJob(job, s.toJob());
      for (String model : s.models()) { // once, here (the children and their server JVMs load the file)
        ctx.log(model + ": " + Cell.saveWeights(s, work, model) + " weights");
      }
      List<String> rows = new ArrayList<>();
      List<String> layers = new ArrayList<>();
      List<String> costs = new ArrayList<>();
      for (Vectorisation v : s.vectorisations()) {
        List<String> flags = new ArrayList<>(v.flags());
        flags.add("-Xmx" + s.heapMb() + "m");
        ctx.log("child JVM " + v.label() + " " + flags);
        long t0 = System.nanoTime();
        ChildJvm.run(EndToEndChild.class, flags, List.of(job.toString(), v.label(), work.toString()), s.timeoutSeconds(), System.err);
        ctx.log(String.format(Locale.ROOT, "child JVM %s done in %.1f s", v.label(), (System.nanoTime() - t0) / 1e9));
        rows.addAll(body(EndToEndChild.file(work, "rows", v.label())));
        layers.addAll(body(EndToEndChild.file(work, "layers", v.label())));
        costs.addAll(body(EndToEndChild.file(work, "costs", v.label())));
      }
      int expected = s.models().size() * s.variants().size() * s.networks().size() * s.vectorisations().size()
          * s.threads().size() * s.images();
      if (rows.size() != expected) {
        throw new IllegalStateException("the child JVMs reported " + rows.size() + " sessions of " + expected);
      }
      Files.write(ctx.file("end_to_end.csv"), concat(EndToEndChild.ROWS, rows));
      Files.write(ctx.file("layers.csv"), concat(EndToEndChild.LAYERS, layers));
      Files.write(ctx.file("kernel_costs.csv"), concat(EndToEndChild.COSTS, costs));
      EndToEndTables t = new EndToEndTables(EndToEndTables.parse(EndToEndChild.ROWS, rows),
          EndToEndTables.parse(EndToEndChild.LAYERS, layers), PaperEndToEnd.load());
      ctx.write("summary.csv", t.summary());
      ctx.write("avx.csv", t.avx());
      ctx.write("breakdown.csv", t.breakdown());
      Files.writeString(ctx.file("paper.csv"), PaperEndToEnd.text());
      for (String line : t.headline()) {
        ctx.log(line);
      }
    } finally {
      try (Stream<Path> w = Files.walk(work)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<String> body(Path csv) throws java.io.IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    return lines.subList(1, lines.size());
  }

  private static List<String> concat(String header, List<String> body) {
    List<String> out = new ArrayList<>(body.size() + 1);
    out.add(header);
    out.addAll(body);
    return out;
  }

}
