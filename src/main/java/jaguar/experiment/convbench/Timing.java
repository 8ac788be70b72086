package jaguar.experiment.convbench;

import java.util.Arrays;

/**
 * Milliseconds per call of one timed convolution over {@code repeats} repeats of {@code batch}
 * calls each (a batch keeps a repeat well above the timer's resolution).
 */
record Timing(int repeats, int batch, double msMean, double msStd, double msMin, double msMedian) {
  /** Statistics of per-call times (ms), one per repeat; std is the sample standard deviation. */
  static Timing of(double[] ms, int batch) {
    int n = ms.length;
    double mean = Arrays.stream(ms).sum() / n;
    double ss = 0;
    for (double x : ms) {
      ss += (x - mean) * (x - mean);
    }
    double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Timing(n, batch, mean, std, sorted[0], median);
  }

  /**
   * The timing of a convolution run as consecutive parts (memory groups): means, minimums and
   * medians add, variances add; repeats and batch are the smallest of the parts.
   */
  Timing then(Timing o) {
    return new Timing(
        Math.min(repeats, o.repeats), Math.min(batch, o.batch), msMean + o.msMean,
        Math.sqrt(msStd * msStd + o.msStd * o.msStd), msMin + o.msMin, msMedian + o.msMedian);
  }
}
