package jaguar.experiment.endtoend;

import jaguar.experiment.ChildJvm;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.experiment.ShardFiles;
import jaguar.experiment.Shardable;
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
 * EndToEndTables}). Shards by (model, network) cell: every variant and vectorisation of a cell run
 * side by side in one shard, so its speedups and AVX gains are measured on one machine.
 */
final class EndToEndExperiment implements Shardable {
  private final EndToEndSettings settings;

  EndToEndExperiment(EndToEndSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<String> groups() {
    return settings.allCells();
  }

  @Override
  public Experiment only(java.util.Set<String> groups) {
    return new EndToEndExperiment(settings.only(settings.allCells().stream().filter(groups::contains).toList()));
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    EndToEndSettings s = settings.withSeed(ctx.seed());
    ctx.log(String.format(Locale.ROOT, "models %s; protocols %s; networks %s; %s; threads %s; %d image(s), %d per session; transport %s",
        s.models(), s.variants().stream().map(Variant::label).toList(), s.networks().stream().map(n -> n.name()).toList(),
        s.vectorisations().stream().map(Vectorisation::label).toList(), s.threads(), s.images(), s.imagesPerSession(),
        s.tcp() ? "tcp" : "in-process"));
    Path work = Files.createTempDirectory("end-to-end-");
    try {
      Path job = work.resolve("job.yaml");
      ChildJvm.writeJob(job, s.toJob());
      for (String model : s.models()) { // once, here (the children and their server JVMs load the file)
        if (!s.covers(model)) {
          continue;
        }
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
      if (rows.size() != s.sessions()) {
        throw new IllegalStateException("the child JVMs reported " + rows.size() + " sessions of " + s.sessions());
      }
      write(ctx, rows, layers, EndToEndChild.COSTS, costs);
    } finally {
      try (Stream<Path> w = Files.walk(work)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The run's files from its sessions' rows, per-layer rows and kernel-cost lines. */
  private static void write(RunContext ctx, List<String> rows, List<String> layers, String costsHeader, List<String> costs)
      throws java.io.IOException {
    Files.write(ctx.file("end_to_end.csv"), concat(EndToEndChild.ROWS, rows));
    Files.write(ctx.file("layers.csv"), concat(EndToEndChild.LAYERS, layers));
    Files.write(ctx.file("kernel_costs.csv"), concat(costsHeader, costs));
    EndToEndTables t = new EndToEndTables(EndToEndTables.parse(EndToEndChild.ROWS, rows),
        EndToEndTables.parse(EndToEndChild.LAYERS, layers), PaperEndToEnd.load());
    ctx.write("summary.csv", t.summary());
    ctx.write("avx.csv", t.avx());
    ctx.write("breakdown.csv", t.breakdown());
    Files.writeString(ctx.file("paper.csv"), PaperEndToEnd.text());
    for (String line : t.headline()) {
      ctx.log(line);
    }
  }

  /**
   * The shards' rows in the order of an unsharded run (vectorisation, model, variant, threads,
   * network, image; a session's layer rows keep their order); {@code kernel_costs.csv} gets one
   * line per shard and vectorisation, as each shard measured them, with a leading {@code shard}
   * column.
   */
  @Override
  public void merge(List<Path> shards, RunContext ctx) throws Exception {
    EndToEndSettings s = settings;
    Comparator<String[]> order = Comparator.<String[]>comparingInt(f -> index(s.vectorisations().stream().map(Vectorisation::label).toList(), f[7]))
        .thenComparingInt(f -> s.models().indexOf(f[0]))
        .thenComparingInt(f -> s.variants().stream().map(Variant::label).toList().indexOf(f[1]))
        .thenComparingInt(f -> s.threads().indexOf(Integer.parseInt(f[8])))
        .thenComparingInt(f -> index(s.networks().stream().map(n -> n.name()).toList(), f[6]))
        .thenComparingInt(f -> Integer.parseInt(f[9]));
    List<String> rows = sorted(ShardFiles.records(shards, "end_to_end.csv", EndToEndChild.ROWS), order, f -> f);
    // layers: model, protocol, network, vectorisation, threads, image -> the row order's fields
    List<String> layers = sorted(ShardFiles.records(shards, "layers.csv", EndToEndChild.LAYERS), order,
        f -> new String[] {f[0], f[1], "", "", "", "", f[2], f[3], f[4], f[5]});
    if (rows.size() != s.sessions()) {
      throw new IllegalStateException("merge: the shards hold " + rows.size() + " sessions of the config's " + s.sessions());
    }
    List<String> costs = new ArrayList<>();
    for (Path d : shards) {
      for (String line : ShardFiles.records(List.of(d), "kernel_costs.csv", EndToEndChild.COSTS)) {
        costs.add(d.getFileName() + "," + line);
      }
    }
    write(ctx, rows, layers, "shard," + EndToEndChild.COSTS, costs);
  }

  private static int index(List<String> names, String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("merge: a shard holds " + name + ", which the config does not name");
    }
    return i;
  }

  private static List<String> sorted(List<String> lines, Comparator<String[]> order, java.util.function.Function<String[], String[]> key) {
    List<String[]> split = new ArrayList<>();
    for (String l : lines) {
      split.add(l.split(",", -1));
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      idx.add(i);
    }
    idx.sort((a, b) -> order.compare(key.apply(split.get(a)), key.apply(split.get(b)))); // stable
    List<String> out = new ArrayList<>(lines.size());
    for (int i : idx) {
      out.add(lines.get(i));
    }
    return out;
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
