package jaguar.experiment.convbench;

import jaguar.conv.ConvPhaseTimes;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvWork;
import jaguar.conv.HomConv;
import jaguar.conv.InputTransforms;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Times one session at one thread count: server-side convolution only (the input is encrypted
 * beforehand, outputs are decrypted afterwards). The output channels are run in memory groups (one
 * unless the kernels' filters would exceed {@code kernel_memory_mb}), each group as {@code threads}
 * ranges on the pool; a group is built (untimed: binding weights and transforming filters is
 * offline work), warmed up, then timed over {@code repeats} repeats of a batch of calls, and the
 * outputs of its last timed call are decrypted and checked against the cleartext reference. A
 * mismatch fails the run, so a broken kernel never yields a speed number.
 */
final class CaseRunner {
  /** What one case produced: its timing, work and checks, and its phase profile if asked for. */
  record Result(
      Timing timing, ConvWork work, int ranges, int groups, double buildMs, OutputCheck check,
      ConvPhaseTimes phases, int profiledCalls, OutputCheck profileCheck) {}

  private final BenchSettings settings;

  CaseRunner(BenchSettings settings) {
    this.settings = settings;
  }

  /** Memory groups for a session: enough that each group's kernels fit {@code kernel_memory_mb}. */
  int groups(BenchSession<?> session) {
    int co = session.plan().shape().co();
    long budget = Math.max(1, settings.kernelMemoryMb()) << 20;
    long bytes = session.kernelBytesPerChannel() * co;
    return (int) Math.max(1, Math.min(co, (bytes + budget - 1) / budget));
  }

  /**
   * Times the session with {@code threads} ranges per group on {@code pool} (null for one thread),
   * checking outputs against {@code reference}; with {@code profile}, also runs every range's
   * kernel with its phases timed, on this thread (for calls under a second, after one warm-up
   * call, the fastest of up to a batch of calls, at least 2), and checks those outputs.
   */
  <C> Result run(BenchSession<C> session, int threads, ExecutorService pool, long[] reference, boolean profile) {
    ConvPlan plan = session.plan();
    int co = plan.shape().co();
    int groups = groups(session);
    OutputCheck check = new OutputCheck(reference);
    OutputCheck profileCheck = profile ? new OutputCheck(reference) : null;
    ConvPhaseTimes phases = profile ? new ConvPhaseTimes() : null;
    Timing timing = null;
    ConvWork work = new ConvWork(0, 0, 0, 0, 0, 0, 0, 0);
    int ranges = 0;
    int profiledCalls = Integer.MAX_VALUE;
    double buildMs = 0;
    InputTransforms carried = null; // a layer's input is transformed once, by its first group
    for (int g = 0; g < groups; g++) {
      int from = (int) ((long) co * g / groups);
      int to = (int) ((long) co * (g + 1) / groups);
      RangeRunner<C> runner = new RangeRunner<>(session, from, to, threads, pool);
      buildMs += runner.buildMs();
      ranges += runner.kernels().size();
      List<List<C>> last = null;
      long probe = 0;
      for (int i = 0; i < settings.warmup(); i++) {
        long t0 = System.nanoTime();
        last = runner.convolve(carried);
        probe = System.nanoTime() - t0;
      }
      double estimateMs = Math.max(probe / 1e6, 1e-3);
      int batch = settings.batch(estimateMs);
      int repeats = settings.repeats(estimateMs, batch, groups);
      double[] ms = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        for (int b = 0; b < batch; b++) {
          last = runner.convolve(carried);
        }
        ms[r] = (System.nanoTime() - t0) / 1e6 / batch;
      }
      runner.check(last, check);
      last = null;
      work = work.plus(runner.work(carried));
      if (carried == null) {
        carried = runner.lastTransforms();
      }
      Timing t = Timing.of(ms, batch);
      timing = timing == null ? t : timing.then(t);
      if (profile) {
        // calls under a second: one warm-up call of the profiled path, then the fastest of
        // several calls (the least disturbed by other processes); longer calls: one call
        boolean longCall = estimateMs > 1000;
        int calls = longCall ? 1 : Math.max(2, Math.min(batch, 100));
        profiledCalls = Math.min(profiledCalls, calls);
        for (HomConv<C> kernel : runner.kernels()) {
          if (!longCall) {
            session.convolveProfiled(kernel, new ConvPhaseTimes());
          }
          ConvPhaseTimes fastest = null;
          List<C> out = null;
          for (int c = 0; c < calls; c++) {
            ConvPhaseTimes one = new ConvPhaseTimes();
            out = session.convolveProfiled(kernel, one);
            if (fastest == null || one.totalNanos() < fastest.totalNanos()) {
              fastest = one;
            }
          }
          phases.add(fastest);
          session.check(out, kernel.firstChannel(), kernel.endChannel(), profileCheck);
        }
      }
    }
    check.finish();
    if (profileCheck != null) {
      profileCheck.finish();
    }
    return new Result(timing, work, ranges, groups, buildMs, check, phases,
        profile ? profiledCalls : 0, profileCheck);
  }
}
