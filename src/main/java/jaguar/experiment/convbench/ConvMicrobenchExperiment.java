package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvWork;
import jaguar.experiment.ChildJvm;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.Experiment;
import jaguar.experiment.RunContext;
import jaguar.experiment.Shardable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the conv-microbench: one child JVM per vectorisation ({@link BenchChild}) times every case,
 * then this parent merges their rows and writes the result CSVs (see {@link BenchTables}).
 */
final class ConvMicrobenchExperiment implements Shardable {
  private static final String RAW = "raw/";
  private final BenchSettings settings;
  private final boolean shard;

  ConvMicrobenchExperiment(BenchSettings settings) {
    this(settings, false);
  }

  /** {@code shard}: this run is a shard's part; it also keeps its child JVMs' raw rows for the merge. */
  private ConvMicrobenchExperiment(BenchSettings settings, boolean shard) {
    this.settings = settings;
    this.shard = shard;
  }

  /** One group per shape: every protocol, thread count and vectorisation of a shape side by side. */
  @Override
  public List<String> groups() {
    return settings.shapes().stream().map(BenchShape::name).toList();
  }

  @Override
  public Experiment only(java.util.Set<String> groups) {
    return new ConvMicrobenchExperiment(settings.onShapes(groups), true);
  }

  /**
   * The shards' raw rows in an unsharded run's order (vectorisation, shape, protocol, threads),
   * and the derived tables; the unit-kernel costs are the first shard's (each shard measures its
   * machine's).
   */
  @Override
  public void merge(List<Path> shards, RunContext ctx) throws Exception {
    BenchSettings s = settings.withSeed(ctx.seed());
    List<String> vec = s.vectorisations().stream().map(Vectorisation::label).toList();
    List<String> shapes = groups();
    List<Measurement> rows = new ArrayList<>();
    List<PhaseProfile> phases = new ArrayList<>();
    List<UnitCosts.Unit> units = new ArrayList<>();
    List<RhombusBench.Row> rhombus = new ArrayList<>();
    for (Path d : shards) {
      for (String v : vec) {
        Path m = d.resolve(RAW + "measurements-" + v + ".csv");
        if (!Files.isRegularFile(m)) {
          throw new jaguar.experiment.ConfigException("merge: shard " + d.getFileName() + " has no " + RAW + m.getFileName()
              + "; valid: a shard run to completion");
        }
        rows.addAll(CsvLines.read(m, Measurement.HEADER, Measurement::fromCsv));
        phases.addAll(CsvLines.read(d.resolve(RAW + "breakdown-" + v + ".csv"), PhaseProfile.HEADER, PhaseProfile::fromCsv));
        rhombus.addAll(CsvLines.read(d.resolve(RAW + "rhombus-" + v + ".csv"), RhombusBench.HEADER, RhombusBench.Row::fromCsv));
        if (d.equals(shards.get(0))) {
          units.addAll(CsvLines.read(d.resolve(RAW + "unit_costs-" + v + ".csv"), UnitCosts.Unit.HEADER, UnitCosts.Unit::fromCsv));
        }
      }
    }
    long expected = (long) shapes.size() * s.protocols().size() * s.threads().size() * vec.size();
    if (rows.size() != expected) {
      throw new IllegalStateException("merge: the shards hold " + rows.size() + " cases of the config's " + expected);
    }
    rows.sort(Comparator.<Measurement>comparingInt(m -> vec.indexOf(m.vectorisation()))
        .thenComparingInt(m -> shapes.indexOf(m.name()))
        .thenComparingInt(m -> s.protocols().indexOf(m.protocol()))
        .thenComparingInt(m -> s.threads().indexOf(m.threads())));
    phases.sort(Comparator.<PhaseProfile>comparingInt(p -> vec.indexOf(p.vectorisation()))
        .thenComparingInt(p -> shapes.indexOf(p.name())).thenComparingInt(p -> s.protocols().indexOf(p.protocol())));
    rhombus.sort(Comparator.<RhombusBench.Row>comparingInt(r -> vec.indexOf(r.vectorisation()))
        .thenComparingInt(r -> shapes.indexOf(r.name())));
    write(ctx, s, rows, phases, units, rhombus);
  }

  BenchSettings settings() {
    return settings;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    BenchSettings s = settings.withSeed(ctx.seed());
    describe(ctx, s);
    Path work = Files.createTempDirectory("conv-microbench-");
    try {
      Path job = work.resolve("job.yaml");
      ChildJvm.writeJob(job, s.toJob());
      List<Measurement> rows = new ArrayList<>();
      List<PhaseProfile> phases = new ArrayList<>();
      List<UnitCosts.Unit> units = new ArrayList<>();
      List<RhombusBench.Row> rhombus = new ArrayList<>();
      for (Vectorisation v : s.vectorisations()) {
        List<String> flags = new ArrayList<>(v.flags());
        flags.add("-Xmx" + s.heapMb() + "m");
        ctx.log("child JVM " + v.label() + " " + flags);
        long t0 = System.nanoTime();
        ChildJvm.run(BenchChild.class, flags, List.of(job.toString(), v.label(), work.toString()),
            s.timeoutSeconds(), System.err);
        ctx.log(String.format(Locale.ROOT, "child JVM %s done in %.1f s", v.label(), (System.nanoTime() - t0) / 1e9));
        if (shard) {
          for (String f : List.of("measurements", "breakdown", "unit_costs", "rhombus")) {
            Path raw = BenchChild.file(work, f, v.label());
            if (Files.exists(raw)) {
              Files.copy(raw, ctx.file(RAW + raw.getFileName()));
            }
          }
        }
        rows.addAll(CsvLines.read(BenchChild.file(work, "measurements", v.label()), Measurement.HEADER, Measurement::fromCsv));
        phases.addAll(CsvLines.read(BenchChild.file(work, "breakdown", v.label()), PhaseProfile.HEADER, PhaseProfile::fromCsv));
        units.addAll(CsvLines.read(BenchChild.file(work, "unit_costs", v.label()), UnitCosts.Unit.HEADER, UnitCosts.Unit::fromCsv));
        rhombus.addAll(CsvLines.read(BenchChild.file(work, "rhombus", v.label()), RhombusBench.HEADER, RhombusBench.Row::fromCsv));
      }
      int expected = s.shapes().size() * s.protocols().size() * s.threads().size() * s.vectorisations().size();
      if (rows.size() != expected) {
        throw new IllegalStateException("the child JVMs reported " + rows.size() + " cases of " + expected);
      }
      write(ctx, s, rows, phases, units, rhombus);
    } finally {
      deleteTree(work);
    }
  }

  private static void write(RunContext ctx, BenchSettings s, List<Measurement> rows, List<PhaseProfile> phases,
      List<UnitCosts.Unit> units, List<RhombusBench.Row> rhombusRows) throws IOException {
    long rhombusExpected = s.rhombus()
        ? s.shapes().stream().filter(b -> RhombusBench.supports(b.shape())).count() * s.vectorisations().size() : 0;
    if (rhombusRows.size() != rhombusExpected) {
      throw new IllegalStateException("Rhombus: " + rhombusRows.size() + " pointwise cases of the config's " + rhombusExpected);
    }
    PaperConvNumbers paper = PaperConvNumbers.load();
    BenchTables tables = new BenchTables(s, rows, phases, units, paper);
    ctx.write("measurements.csv", tables.measurements());
    ctx.write("speedups.csv", tables.speedups());
    ctx.write("summary.csv", tables.summary());
    ctx.write("network_totals.csv", tables.networkTotals());
    ctx.write("cost_model.csv", tables.costModel());
    if (!phases.isEmpty()) {
      ctx.write("breakdown.csv", tables.breakdown());
    }
    ctx.write("unit_costs.csv", tables.unitCosts());
    Files.writeString(ctx.file("paper.csv"), paper.text());
    for (String line : tables.headline()) {
      ctx.log(line);
    }
    RhombusTables rhombus = new RhombusTables(s, rhombusRows, rows);
    if (!rhombus.isEmpty()) {
      ctx.write("rhombus.csv", rhombus.rows());
      ctx.write("rhombus_speedups.csv", rhombus.speedups());
      ctx.write("rhombus_pointwise_totals.csv", rhombus.totals());
      for (String line : rhombus.headline()) {
        ctx.log(line);
      }
    }
  }

  /** Logs what will run: shapes per group, cases, and a rough run-time estimate. */
  private static void describe(RunContext ctx, BenchSettings s) {
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (BenchShape b : s.shapes()) {
      groups.merge(b.type().label() + "/" + b.group().label(), 1, Integer::sum);
    }
    ctx.log(s.shapes().size() + " shapes " + groups + "; protocols " + s.protocols() + "; threads " + s.threads()
        + "; " + s.vectorisations().size() + " vectorisation(s); " + s.repeats() + " repeats after "
        + s.warmup() + " warm-up call(s)");
    double seconds = estimateSeconds(s);
    ctx.log(String.format(Locale.ROOT,
        "estimated run time: about %.0f min on an idle machine (nominal kernel speeds; a loaded machine is slower)",
        seconds / 60));
  }

  /**
   * A rough run-time estimate from plan counts and nominal Java kernel speeds on this class of
   * machine (AVX on: an SPA term 0.7 us, an NTT at N = 4096 45 us, a pointwise product 5 us, a
   * monomial product 25 us; AVX off: the term 3x slower, the rest 1.3x).
   */
  static double estimateSeconds(BenchSettings s) {
    double total = 0;
    for (Vectorisation v : s.vectorisations()) {
      boolean off = v == Vectorisation.AVX_OFF;
      total += 15; // JVM start and unit kernels
      for (BenchShape b : s.shapes()) {
        for (String p : s.protocols()) {
          ConvProtocol known = ConvCostModel.knownProtocol(p);
          if (known == null) {
            continue;
          }
          BenchProtocol bp = BenchProtocols.of(p);
          ConvPlan plan = bp.plan(b.shape(), b.layout());
          ConvWork w = ConvCostModel.planWork(plan, bp.limbs());
          double nttUs = 45.0 * plan.degree() / 4096 * (off ? 1.3 : 1);
          double us = w.terms() * 0.7 * (off ? 3 : 1)
              + (w.forwardNtts() + w.inverseNtts()) * nttUs
              + w.pointwiseProducts() * 5 * (off ? 1.3 : 1)
              + w.monomialProducts() * 25 * (off ? 1.3 : 1);
          for (int t : s.threads()) {
            double callMs = us / 1e3 / t;
            double repeatMs = Math.max(callMs, s.minRepeatMs());
            double reps = s.repeats();
            if (s.caseBudgetSeconds() > 0) {
              reps = Math.max(Math.min(3, s.repeats()), Math.min(s.repeats(), s.caseBudgetSeconds() * 1e3 / repeatMs));
            }
            total += (s.warmup() * callMs + reps * repeatMs) / 1e3;
            if (s.breakdown() && t == s.profileThreads() && !p.equals("jaguar")) {
              total += Math.max(callMs * t, Math.min(100 * callMs * t, s.minRepeatMs())) / 1e3;
            }
          }
          total += us / 1e6 * 0.3; // encryption, reference and checks, roughly
        }
      }
    }
    return total;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> st = Files.walk(dir)) {
      for (Path p : st.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
