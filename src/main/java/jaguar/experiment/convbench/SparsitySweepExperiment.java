package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.JaguarPlanner;
import jaguar.conv.KernelCosts;
import jaguar.conv.PlainConv;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.math.Pow2Poly;
import jaguar.math.Prg;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@link SparsitySweepKind}: per shape and density, one weight tensor with exactly
 * round(density * size) nonzero weights (uniform positions, nonzero signed values), timed under
 * every protocol and thread count by the microbenchmark's {@link CaseRunner} (same timing, same
 * exactness check against the cleartext convolution). Writes {@code sweep.csv}.
 */
final class SparsitySweepExperiment implements Experiment {
  private final BenchSettings settings;
  private final List<Double> densities;

  SparsitySweepExperiment(BenchSettings settings, List<Double> densities) {
    this.settings = settings;
    this.densities = List.copyOf(densities);
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    ResultTable table = ResultTable.withColumns("sweep",
        "name", "type", "H", "W", "ci", "co", "k", "stride", "density", "nonzero_weights", "protocol", "kernel",
        "plan_layout", "threads", "vector_api", "terms", "products", "repeats", "ms_min", "ms_median", "ms_mean",
        "outputs_checked", "mismatches");
    CaseRunner runner = new CaseRunner(settings);
    Map<Integer, ExecutorService> pools = new HashMap<>();
    long cases = (long) settings.shapes().size() * densities.size() * settings.protocols().size() * settings.threads().size();
    try (var bar = ctx.progress("sparsity-sweep", cases)) {
      for (int si = 0; si < settings.shapes().size(); si++) {
        BenchShape shape = settings.shapes().get(si);
        ConvShape cs = shape.shape();
        Prg prg = Prg.insecureSeeded(ctx.seed() * 1_000_003L + si);
        long[] input = new long[cs.inputSize()];
        prg.fillBits(input, 32);
        long[] dense = BenchChild.nonzeroWeights(cs.weightSize(), settings.weightBits(), prg);
        for (double density : densities) {
          long[] weights = withDensity(dense, density, prg.fork());
          long nonzero = nonzero(weights);
          Map<Integer, long[]> references = new HashMap<>();
          for (String name : settings.protocols()) {
            BenchProtocol protocol = BenchProtocols.of(name);
            ConvPlan plan = name.equals(ConvProtocol.JAGUAR_HYBRID.label())
                ? JaguarPlanner.choose(cs, protocol.degree(), shape.layout(), KernelCosts.machine(),
                    Math.max(1e-9, (double) nonzero / weights.length)).plan()
                : protocol.plan(cs, shape.layout());
            if (plan.choice() != null) {
              ctx.log(shape.name() + " density " + density + ": jaguar-hybrid chose " + plan.choice());
            }
            long[] reference = references.computeIfAbsent(protocol.logT(),
                t -> PlainConv.convolve(cs, input, weights, t));
            BenchSession<?> session = protocol.open(plan, input, weights, prg.fork());
            for (int threads : settings.threads()) {
              ExecutorService pool = threads == 1 ? null
                  : pools.computeIfAbsent(threads, t -> Executors.newFixedThreadPool(t, r -> {
                    Thread th = new Thread(r, "sweep-range");
                    th.setDaemon(true);
                    return th;
                  }));
              CaseRunner.Result r = runner.run(session, threads, pool, reference, false);
              if (r.check().mismatches() > 0) {
                throw new IllegalStateException(name + " on " + shape.name() + " at density " + density + ": "
                    + r.check().mismatches() + " outputs differ from the cleartext reference");
              }
              Timing t = r.timing();
              String kernel = plan.protocol().label() + (plan.spaC0() ? "+spa-c0" : "");
              table.row(shape.name(), cs.type().label(), cs.h(), cs.w(), cs.ci(), cs.co(), cs.k(), cs.stride(),
                  density, nonzero, name, kernel, plan.layout().label(), threads, Pow2Poly.VECTOR_API,
                  r.work().terms(), r.work().products(), t.repeats(), t.msMin(), t.msMedian(), t.msMean(),
                  r.check().checked(), r.check().mismatches());
              ctx.log(String.format(Locale.ROOT, "%s density %.2f %-13s (%s) threads=%d: %.2f ms (min)",
                  shape.name(), density, name, kernel, threads, t.msMin()));
              bar.step();
            }
          }
        }
      }
    } finally {
      pools.values().forEach(ExecutorService::shutdownNow);
    }
    ctx.write("sweep.csv", table);
  }

  /** A copy of w with all but round(density * length) entries zeroed, at uniform positions. */
  static long[] withDensity(long[] w, double density, Prg prg) {
    int n = w.length;
    int keep = (int) Math.round(density * n);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < keep; i++) { // partial Fisher-Yates: idx[0, keep) is a uniform subset
      int j = i + (int) prg.nextLong(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    long[] out = new long[n];
    for (int i = 0; i < keep; i++) {
      out[idx[i]] = w[idx[i]];
    }
    return out;
  }

  private static long nonzero(long[] w) {
    long c = 0;
    for (long v : w) {
      c += v != 0 ? 1 : 0;
    }
    return c;
  }
}
