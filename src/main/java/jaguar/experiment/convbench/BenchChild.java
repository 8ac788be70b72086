package jaguar.experiment.convbench;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import jaguar.conv.PlainConv;
import jaguar.math.Prg;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The measuring side of conv-microbench, run in a child JVM per vectorisation ({@link
 * jaguar.experiment.ChildJvm}): {@code BenchChild <job.yaml> <vectorisation> <output dir>}. Times
 * the unit kernels, then every (shape, protocol, threads) case of the job (and, with {@code
 * rhombus: true}, Rhombus's product on each pointwise shape, {@link RhombusBench}), and writes
 * {@code measurements-<v>.csv}, {@code breakdown-<v>.csv}, {@code rhombus-<v>.csv} and {@code
 * unit_costs-<v>.csv} for the parent to merge. Inputs and weights depend only on the seed and the shape's position, so every child
 * times the same convolutions.
 */
public final class BenchChild {
  private BenchChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: BenchChild <job.yaml> <vectorisation> <output dir>");
      System.exit(2);
    }
    Map<String, Object> job = jaguar.experiment.ChildJvm.readJob(Path.of(args[0]));
    run(BenchSettings.fromJob(job), args[1], Path.of(args[2]), System.out);
  }

  /** Output file of a child for one vectorisation. */
  static Path file(Path dir, String kind, String vectorisation) {
    return dir.resolve(kind + "-" + vectorisation + ".csv");
  }

  static void run(BenchSettings s, String vectorisation, Path dir, PrintStream log) throws IOException {
    log.printf(Locale.ROOT, "%s: %s, %d cores, max heap %d MiB; unit kernels first%n", vectorisation,
        System.getProperty("java.vm.name") + " " + Runtime.version(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    UnitCosts units = UnitCosts.measure(vectorisation, s.unitKernelSeconds());
    try (BufferedWriter w = writer(file(dir, "unit_costs", vectorisation), UnitCosts.Unit.HEADER)) {
      for (UnitCosts.Unit u : units.units()) {
        w.write(u.toCsv());
        w.newLine();
        log.printf(Locale.ROOT, "  %-22s N=%d %9.0f ns/call (%.3f ns per coefficient; %s %.0f ns)%n", u.kernel(),
            u.n(), u.nsMin(), u.nsPerCoefficient(), u.peer(), u.peerNs());
      }
    }
    Map<Integer, ExecutorService> pools = new HashMap<>();
    int cases = s.shapes().size() * s.protocols().size() * s.threads().size();
    int done = 0;
    try (BufferedWriter rows = writer(file(dir, "measurements", vectorisation), Measurement.HEADER);
        BufferedWriter phases = writer(file(dir, "breakdown", vectorisation), PhaseProfile.HEADER);
        BufferedWriter rhombusRows = writer(file(dir, "rhombus", vectorisation), RhombusBench.HEADER)) {
      CaseRunner runner = new CaseRunner(s);
      RhombusBench rhombus = s.rhombus() ? new RhombusBench(s) : null;
      for (int i = 0; i < s.shapes().size(); i++) {
        BenchShape shape = s.shapes().get(i);
        ConvShape cs = shape.shape();
        // seeded by the shape's name, not its position: a shard of the config draws the same data
        Prg prg = Prg.insecureSeeded(s.seed() * 1_000_003L + shape.name().hashCode());
        long[] input = new long[cs.inputSize()];
        prg.fillBits(input, 32);
        long[] weights = nonzeroWeights(cs.weightSize(), s.weightBits(), prg);
        for (String name : s.protocols()) {
          BenchProtocol protocol = BenchProtocols.of(name);
          ConvPlan plan = protocol.plan(cs, shape.layout());
          if (plan.choice() != null) {
            log.printf(Locale.ROOT, "  %s %s: %s%n", name, shape.name(), plan.choice());
          }
          long[] reference = PlainConv.convolve(cs, input, weights, protocol.logT());
          BenchSession<?> session = protocol.open(plan, input, weights, prg.fork());
          for (int threads : s.threads()) {
            boolean profile = s.breakdown() && session.profiles() && threads == s.profileThreads();
            ExecutorService pool = threads == 1 ? null
                : pools.computeIfAbsent(threads, t -> Executors.newFixedThreadPool(t, daemon()));
            CaseRunner.Result r = runner.run(session, threads, pool, reference, profile);
            done++;
            Timing t = r.timing();
            double predicted = units.predictMs(plan.degree(), r.work());
            Measurement m = new Measurement(vectorisation, shape.name(), name, threads, plan.degree(),
                plan.layout().label() + (plan.choice() != null
                    ? "/" + plan.protocol().label() + (plan.spaC0() ? "+spa-c0" : "") : "")
                    + (plan.polyphase() ? "+polyphase" : ""),
                plan.blockChannels(), plan.blockRows(), plan.blockCols(),
                plan.tiles(), plan.ciphertextsIn(), plan.ciphertextsOut(), r.work().terms(),
                r.work().multiplyAdds(), r.work().products(), r.work().monomialProducts(),
                r.work().forwardNtts(), r.work().inverseNtts(), r.work().pointwiseProducts(),
                r.work().offlineNtts(), r.ranges(), r.groups(), t.repeats(), t.batch(), t.msMean(),
                t.msStd(), t.msMin(), t.msMedian(), predicted, r.buildMs(), r.check().checked(),
                r.check().mismatches());
            log.printf(Locale.ROOT,
                "[%d/%d] %s %-11s %-28s threads=%d: %10.3f ms (min %.3f, %d x %d), predicted %.3f; %d outputs %s%n",
                done, cases, vectorisation, name, shape.name(), threads, t.msMean(), t.msMin(), t.repeats(),
                t.batch(), predicted, r.check().checked(),
                r.check().mismatches() == 0 ? "exact" : r.check().mismatches() + " WRONG");
            if (r.check().mismatches() > 0) {
              throw new IllegalStateException(name + " on " + shape.name() + ": " + r.check().mismatches()
                  + " outputs differ from the cleartext reference, first " + r.check().firstMismatch());
            }
            rows.write(m.toCsv());
            rows.newLine();
            rows.flush();
            if (profile) {
              if (r.profileCheck().mismatches() > 0) {
                throw new IllegalStateException(name + " on " + shape.name() + ", profiled: "
                    + r.profileCheck().mismatches() + " outputs differ, first " + r.profileCheck().firstMismatch());
              }
              PhaseProfile p = PhaseProfile.of(vectorisation, shape.name(), name, r.profiledCalls(),
                  r.phases(), t.msMean() * threads, r.profileCheck().checked(), r.profileCheck().mismatches());
              phases.write(p.toCsv());
              phases.newLine();
              phases.flush();
            }
          }
          session = null; // let the encrypted input go before the next protocol
        }
        if (rhombus != null && RhombusBench.supports(cs)) {
          RhombusBench.Row r = rhombus.measure(vectorisation, shape, input, weights, prg.fork());
          log.printf(Locale.ROOT,
              "       %s rhombus     %-28s threads=1: %10.3f ms (min %.3f, %d x %d), prepare %.1f ms; %s encrypts, %d"
                  + " key switches; %d outputs exact, margin %.1f bits%n",
              vectorisation, shape.name(), r.msMean(), r.msMin(), r.repeats(), r.batch(), r.prepareMs(), r.encryptor(),
              r.keySwitches(), r.outputsChecked(), r.minMarginBits());
          rhombusRows.write(r.toCsv());
          rhombusRows.newLine();
          rhombusRows.flush();
        }
      }
    } finally {
      pools.values().forEach(ExecutorService::shutdownNow);
    }
  }

  /** Signed weights of {@code bits} bits, never zero, so every tap and filter does work. */
  static long[] nonzeroWeights(int size, int bits, Prg prg) {
    long half = 1L << (bits - 1);
    long[] w = new long[size];
    for (int i = 0; i < size; i++) {
      long v = prg.nextLong(2 * half - 1) - half; // [-half, half - 2]
      w[i] = v >= 0 ? v + 1 : v; // [-half, -1] or [1, half - 1]
    }
    return w;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "conv-range");
      t.setDaemon(true);
      return t;
    };
  }

  private static BufferedWriter writer(Path file, java.util.List<String> header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(String.join(",", header));
    w.newLine();
    return w;
  }
}
