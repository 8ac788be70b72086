package jaguar.experiment.nonlinear;

import jaguar.mpc.Ring;
import java.util.HashMap;
import java.util.Map;

/**
 * Reconstructs the outputs of every measured protocol call from the two parties' shares (both run
 * in this process) and compares them with the expected values; counts mismatches and 1-LSB
 * truncation errors per stage. The comparison happens outside the timed region.
 */
final class OutputChecker {
  /** Counts of one stage. */
  static final class Counts {
    long checked;
    long mismatches;
    long lsbErrors;
  }

  private final Map<String, long[]> pending = new HashMap<>();
  private final Map<String, Counts> counts = new HashMap<>();

  /**
   * One party's output shares of call {@code key} of stage {@code stage}; the second call with the
   * same key compares. {@code expected} is mod 2^bits; outputs may be up to {@code allowedLsb}
   * below it.
   */
  synchronized void submit(String stage, String key, long[] shares, long[] expected, int bits, int allowedLsb) {
    long[] other = pending.remove(key);
    if (other == null) {
      pending.put(key, shares);
      return;
    }
    Counts c = counts.computeIfAbsent(stage, k -> new Counts());
    long mask = Ring.mask(bits);
    for (int i = 0; i < shares.length; i++) {
      long out = (shares[i] + other[i]) & mask;
      long error = Ring.signed(expected[i] - out, bits);
      c.checked++;
      if (error < 0 || error > allowedLsb) {
        c.mismatches++;
      } else if (error == 1) {
        c.lsbErrors++;
      }
    }
  }

  synchronized Counts counts(String stage) {
    return counts.getOrDefault(stage, new Counts());
  }
}
