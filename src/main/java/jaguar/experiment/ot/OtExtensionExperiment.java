package jaguar.experiment.ot;

import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.math.Prg;
import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtKind;
import jaguar.mpc.ot.OtSuite;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.TcpChannels;
import jaguar.net.TwoPartyRun;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Measures random COT generation alone: per backend, channel and repeat, both parties in this
 * process on two threads, the server taking COTs as sender and the client as receiver (one
 * direction, as OT-extension benchmarks do). Writes {@code cots.csv} (one row per run) and {@code
 * amortisation.csv} (bits per COT including the setup, for 10^6 to 10^9 COTs, from the measured
 * setup bytes and the measured bytes per generated COT).
 */
final class OtExtensionExperiment implements Experiment {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Ferret's authors' figures for their C++ (emp-ot) semi-honest implementation, as our issue quotes
   * them (experiments/ot-extension/paper.csv): about 0.45 bits and 15 ns per COT.
   */
  static final String FERRET_REFERENCE = "Yang et al., Ferret, CCS 2020 (C++, emp-ot), as quoted in issue 8";
  static final double FERRET_BITS = 0.45;
  static final double FERRET_NS = 15;

  private final List<OtKind> ots;
  private final List<String> channels;
  private final long cots;
  private final long warmup;
  private final int chunk;
  private final int repeats;
  private final int timeout;

  OtExtensionExperiment(List<OtKind> ots, List<String> channels, long cots, long warmup, int chunk, int repeats, int timeout) {
    this.ots = ots;
    this.channels = channels;
    this.cots = cots;
    this.warmup = warmup;
    this.chunk = chunk;
    this.repeats = repeats;
    this.timeout = timeout;
  }

  /**
   * What one party measured, and the last chunk of COTs it took (blocks; the receiver's choice
   * bits; the sender's Delta), so the run can check them against the correlation.
   */
  private record Side(
      long setupBytes, long setupNanos, long bytes, long generated, long taken, long wallNanos, long cpuNanos,
      long totalBytes, long totalGenerated, long[] lastBlocks, byte[] lastChoices, long deltaLo, long deltaHi) {}

  @Override
  public void run(RunContext ctx) throws Exception {
    if (!THREADS.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure thread CPU time");
    }
    THREADS.setThreadCpuTimeEnabled(true);
    ResultTable table = ResultTable.withColumns("cots",
        "ot", "channel", "repeat", "cots", "setup_bytes", "setup_seconds", "bytes", "cots_generated",
        "bits_per_cot", "bits_per_cot_with_setup", "wall_ns_per_cot", "sender_cpu_ns_per_cot",
        "receiver_cpu_ns_per_cot", "cots_per_second_one_core");
    ResultTable amortisation = ResultTable.withColumns("amortisation",
        "ot", "cots", "setup_bytes", "bytes_per_generated_cot", "bits_per_cot_with_setup");
    ctx.log(String.format(Locale.ROOT, "%,d COTs per run after %,d warm-up COTs, %d repeats, taken %,d at a time",
        cots, warmup, repeats, chunk));
    for (OtKind ot : ots) {
      double bestBytesPerCot = Double.NaN;
      long setupBytes = 0;
      for (String channel : channels) {
        for (int rep = 0; rep < repeats; rep++) {
          Side[] s = measure(ot, channel, ctx.seed() * 1000 + rep);
          checkCorrelation(ot, channel, s[0], s[1]);
          long bytes = s[0].bytes + s[1].bytes;
          long generated = s[0].generated;
          double bitsPerCot = generated > 0 ? bytes * 8.0 / generated : Double.NaN;
          long setup = s[0].setupBytes + s[1].setupBytes;
          double withSetup = (setup + s[0].totalBytes + s[1].totalBytes) * 8.0 / s[0].totalGenerated;
          double wall = Math.max(s[0].wallNanos, s[1].wallNanos) / (double) cots;
          double senderCpu = s[0].cpuNanos / (double) cots;
          double receiverCpu = s[1].cpuNanos / (double) cots;
          double perSecond = 1e9 / Math.max(senderCpu, receiverCpu);
          table.row(ot.id(), channel, (long) rep, cots, setup, Math.max(s[0].setupNanos, s[1].setupNanos) / 1e9, bytes,
              generated, bitsPerCot, withSetup, wall, senderCpu, receiverCpu, perSecond);
          ctx.log(String.format(Locale.ROOT,
              "  %-6s %-9s #%d: %.4f bits/COT (%.3f with setup of %,d bytes), wall %.1f ns/COT, CPU sender %.1f receiver %.1f ns/COT",
              ot.id(), channel, rep, bitsPerCot, withSetup, setup, wall, senderCpu, receiverCpu));
          if (generated > 0) {
            bestBytesPerCot = bytes / (double) generated;
          }
          setupBytes = setup;
        }
      }
      for (long n = 1_000_000; n <= 1_000_000_000L; n *= 10) {
        amortisation.row(ot.id(), n, setupBytes, bestBytesPerCot, amortised(ot, n, setupBytes, bestBytesPerCot));
      }
    }
    ctx.write("cots.csv", table);
    ctx.write("amortisation.csv", amortisation);
    ResultTable reference = ResultTable.withColumns("reference", "source", "ot", "bits_per_cot", "ns_per_cot");
    reference.row(FERRET_REFERENCE, "ferret", FERRET_BITS, FERRET_NS);
    ctx.write("reference.csv", reference);
  }

  /**
   * Bits per COT for {@code n} COTs including the setup: Ferret generates whole iterations (the
   * bootstrap's leftover first), IKNP batches of 64.
   */
  private static double amortised(OtKind ot, long n, long setupBytes, double bytesPerGeneratedCot) {
    long generated;
    if (ot.isFerret()) {
      FerretParameters p = ot.ferret();
      long beyond = Math.max(0, n - p.bootstrapUsable());
      long usable = p.main().usable();
      generated = (beyond + usable - 1) / usable * usable;
    } else {
      generated = (n + 63) / 64 * 64;
    }
    return (setupBytes + generated * bytesPerGeneratedCot) * 8.0 / n;
  }

  private Side[] measure(OtKind ot, String channel, long seed) {
    ChannelOptions options = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(timeout));
    Channel[] ch = channel.equals("tcp")
        ? TcpChannels.loopbackPair("server", "client", options)
        : Channel.inMemoryPair("server", "client", options);
    try {
      TwoPartyRun.Outcome<Side, Side> o = TwoPartyRun.run(
          ch[0], c -> side(ot, c, seed, true),
          ch[1], c -> side(ot, c, seed + 1, false));
      return new Side[] {o.first(), o.second()};
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  private Side side(OtKind ot, Channel c, long seed, boolean sender) {
    long t0 = System.nanoTime();
    OtSuite s = OtSuite.setup(ot, c, Prg.insecureSeeded(seed));
    long setupNanos = System.nanoTime() - t0;
    long setupBytes = c.stats().bytesSent();
    long[] blocks = new long[2 * chunk];
    byte[] choices = new byte[chunk];
    take(s, sender, warmup, blocks, choices);
    long bytes0 = c.stats().bytesSent();
    long generated0 = generated(s, sender);
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    take(s, sender, cots, blocks, choices);
    long wall = System.nanoTime() - wall0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    long bytes = c.stats().bytesSent() - bytes0;
    return new Side(setupBytes, setupNanos, bytes, generated(s, sender) - generated0, cots, wall, cpu,
        c.stats().bytesSent() - setupBytes, generated(s, sender), blocks, sender ? null : choices,
        sender ? s.cotSender().deltaLo() : 0, sender ? s.cotSender().deltaHi() : 0);
  }

  /** How many of the first n COTs (sender blocks q, Delta; receiver blocks t, choices c) break t = q xor c Delta. */
  static int broken(long[] q, long deltaLo, long deltaHi, long[] t, byte[] c, int n) {
    int bad = 0;
    for (int i = 0; i < n; i++) {
      boolean one = (c[i] & 1) == 1;
      if (t[2 * i] != (q[2 * i] ^ (one ? deltaLo : 0)) || t[2 * i + 1] != (q[2 * i + 1] ^ (one ? deltaHi : 0))) {
        bad++;
      }
    }
    return bad;
  }

  /**
   * The last chunk of timed COTs (the two sides took them in the same order) must satisfy t = q
   * xor c Delta for every one: a broken build fails the run instead of publishing a speed.
   */
  private void checkCorrelation(OtKind ot, String channel, Side sender, Side receiver) {
    int n = (int) Math.min(chunk, cots);
    int bad = broken(sender.lastBlocks(), sender.deltaLo(), sender.deltaHi(), receiver.lastBlocks(), receiver.lastChoices(), n);
    if (bad > 0) {
      throw new IllegalStateException(ot.id() + " over " + channel + ": " + bad + " of the last " + n
          + " timed COTs break the correlation t = q xor c Delta");
    }
  }

  private static long generated(OtSuite s, boolean sender) {
    return sender ? s.cotsGeneratedAsSender() : s.cotsGeneratedAsReceiver();
  }

  private void take(OtSuite s, boolean sender, long n, long[] blocks, byte[] choices) {
    for (long done = 0; done < n; ) {
      int m = (int) Math.min(chunk, n - done);
      if (sender) {
        s.cotSender().next(m, blocks, 0);
      } else {
        s.cotReceiver().next(m, choices, 0, blocks, 0);
      }
      done += m;
    }
  }
}
