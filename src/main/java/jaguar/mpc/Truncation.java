package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;

/**
 * Cheetah's truncation of shares by s bits (SiRNN's construction, as in OpenCheetah). With x =
 * x_S + x_C - w 2^l (w the wrap), floor(x / 2^s) = (x_S >> s) + (x_C >> s) + c - w 2^(l-s), where
 * c in {0, 1} is the carry of the low s bits; like Cheetah, the protocols drop c, so the result is
 * the exact arithmetic shift or 1 less (at most 1 LSB low). Only w is computed, as shares modulo
 * 2^s (it is multiplied by 2^(l-s)).
 */
final class Truncation {
  private Truncation() {}

  /**
   * For x known to be in [0, 2^(l-1)) (e.g. a ReLU output): w = msb(x_S) OR msb(x_C) from one
   * correlated OT of s bits ({@link Msb0Wrap}). Writes shares of floor(x / 2^s) (or 1 less) in
   * Z_{2^l}.
   */
  static void truncateMsb0(MpcParty p, String label, long[] x, int off, int n, int bits, int shift, long[] out, int outOff) {
    long[] w = new Msb0Wrap(p.role(), p.ot(), label, x, off, n, bits, shift).run();
    long mask = Ring.mask(bits);
    for (int i = 0; i < n; i++) {
      long xi = x[off + i] & mask;
      out[outOff + i] = ((xi >>> shift) - (w[i] << (bits - shift))) & mask;
    }
  }

  /**
   * For any signed x: the server adds 2^(l-1) (so x + 2^(l-1) is in [0, 2^l) and shifts to the
   * right value), then w = maj(msb_S, msb_C, carry) where the carry of the low l-1 bits comes
   * from a millionaire on l-1 bits; w's shares modulo 2^s come from one 1-out-of-4 OT (server
   * sends, client chooses (msb_C, carry_C)) of s-bit messages.
   */
  static void truncate(MpcParty p, String label, long[] x, int off, int n, int bits, int shift, long[] out, int outOff) {
    boolean server = p.role().isServer();
    long mask = Ring.mask(bits);
    long bias = server ? 1L << (bits - 1) : 0;
    long[] xu = new long[n];
    for (int i = 0; i < n; i++) {
      xu[i] = (x[off + i] + bias) & mask;
    }
    int low = bits - 1;
    long lowMask = Ring.mask(low);
    long[] in = new long[n];
    for (int i = 0; i < n; i++) {
      long v = xu[i] & lowMask;
      in[i] = server ? v : lowMask - v;
    }
    byte[] carry = new byte[n];
    p.millionaire().greaterThan(label + ".carry", in, 0, n, low, carry, 0);
    long[] w = new long[n];
    long wMask = Ring.mask(shift);
    OtSuite ot = p.ot();
    if (server) {
      int words = OtSuite.tableWords(2, shift);
      long[] tables = new long[n * words];
      for (int i = 0; i < n; i++) {
        int ms = Ring.msb(xu[i], bits);
        int cs = carry[i];
        long r = p.prg().nextLong() & wMask;
        w[i] = r;
        for (int v = 0; v < 4; v++) {
          int mc = v & 1;
          int cc = v >>> 1;
          long wrap = (ms & mc) ^ ((cs ^ cc) & (ms ^ mc));
          OtSuite.setMessage(tables, i, 2, shift, v, (wrap - r) & wMask);
        }
      }
      ot.sendOneOfN(label + ".wrap", tables, n, 2, shift);
    } else {
      long[] choice = new long[n];
      for (int i = 0; i < n; i++) {
        choice[i] = Ring.msb(xu[i], bits) | (carry[i] << 1);
      }
      ot.requestOneOfN(label + ".wrap", choice, 0, n, 2, shift).finish(w, 0);
    }
    long offset = server ? 1L << (bits - 1 - shift) : 0;
    for (int i = 0; i < n; i++) {
      out[outOff + i] = ((xu[i] >>> shift) - offset - (w[i] << (bits - shift))) & mask;
    }
  }
}
