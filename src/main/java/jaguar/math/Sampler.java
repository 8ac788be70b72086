package jaguar.math;

/**
 * The distributions RLWE needs, all drawn from a {@link Prg}: uniform modulo p or 2^bits, uniform
 * ternary, and the discrete Gaussian with sigma = 3.2 cut at 6 sigma (|x| <= 19, as SEAL's
 * {@code hestdparms.h} noise bound), sampled exactly from a cumulative distribution table with
 * 63-bit thresholds (the table itself is computed in double precision).
 */
public final class Sampler {
  /** The error standard deviation of the HE standard. */
  public static final double SIGMA = 3.2;
  /** The largest |x| the Gaussian sampler returns: floor(6 sigma). */
  public static final int GAUSSIAN_BOUND = (int) Math.floor(6 * SIGMA);

  // CDT[i] = round(2^63 * P(X <= i - BOUND)) for i in [0, 2*BOUND); P(X <= BOUND) = 1 needs none.
  private static final long[] CDT = gaussianTable();

  private Sampler() {}

  /** Fills out with uniform values in [0, p). */
  public static void uniformMod(Prg prg, long[] out, long p) {
    prg.fillUniform(out, p);
  }

  /** Fills out with uniform values in [0, 2^bits), bits in [1, 64]. */
  public static void uniformBits(Prg prg, long[] out, int bits) {
    prg.fillBits(out, bits);
  }

  /** Fills out with uniform values in {-1, 0, 1}. */
  public static void ternary(Prg prg, long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = prg.nextLong(3) - 1;
    }
  }

  /** Fills out with discrete Gaussian values (sigma 3.2) in [-19, 19]. */
  public static void gaussian(Prg prg, long[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = gaussian(prg);
    }
  }

  /** One discrete Gaussian value in [-19, 19]; scans the whole table (no early exit). */
  public static long gaussian(Prg prg) {
    long r = prg.nextLong() >>> 1;
    int below = 0;
    for (long threshold : CDT) {
      below += (int) ((threshold - r - 1) >>> 63); // 1 when threshold <= r
    }
    return below - GAUSSIAN_BOUND;
  }

  private static long[] gaussianTable() {
    int b = GAUSSIAN_BOUND;
    double[] w = new double[2 * b + 1];
    double total = 0;
    for (int x = -b; x <= b; x++) {
      w[x + b] = Math.exp(-(double) x * x / (2 * SIGMA * SIGMA));
      total += w[x + b];
    }
    long[] cdt = new long[2 * b];
    double cum = 0;
    for (int i = 0; i < cdt.length; i++) {
      cum += w[i] / total;
      cdt[i] = (long) Math.rint(cum * 0x1.0p63);
    }
    return cdt;
  }
}
