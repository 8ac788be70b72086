package jaguar.mpc;


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
   * right value), then the wrap's shares modulo 2^s come from {@link SignedWrap} (a millionaire on
   * l-1 bits and one 1-out-of-4 OT of s-bit messages).
   */
  static void truncate(MpcParty p, String label, long[] x, int off, int n, int bits, int shift, long[] out, int outOff) {
    boolean server = p.role().isServer();
    long mask = Ring.mask(bits);
    long bias = server ? 1L << (bits - 1) : 0;
    long[] xu = new long[n];
    for (int i = 0; i < n; i++) {
      xu[i] = (x[off + i] + bias) & mask;
    }
    long[] w = SignedWrap.shares(p, label, xu, n, bits, shift);
    long offset = server ? 1L << (bits - 1 - shift) : 0;
    for (int i = 0; i < n; i++) {
      out[outOff + i] = ((xu[i] >>> shift) - offset - (w[i] << (bits - shift))) & mask;
    }
  }

  /**
   * The exact arithmetic shift floor(x / 2^s) of signed x: {@link #truncate} plus the carry of the
   * low s bits, c = [low_S + low_C >= 2^s], from a millionaire on s bits (server input low_S,
   * client input 2^s - 1 - low_C) and a boolean-to-arithmetic conversion into Z_{2^l}. For layers
   * whose truncation must be exact (Jaguar's exact mode when a linear layer's shares come from
   * Cheetah's export).
   */
  static void truncateExact(MpcParty p, String label, long[] x, int off, int n, int bits, int shift, long[] out, int outOff) {
    truncate(p, label, x, off, n, bits, shift, out, outOff);
    boolean server = p.role().isServer();
    long lowMask = Ring.mask(shift);
    long[] in = new long[n];
    for (int i = 0; i < n; i++) {
      long v = x[off + i] & lowMask;
      in[i] = server ? v : lowMask - v;
    }
    byte[] carry = new byte[n];
    p.millionaire().greaterThan(label + ".low", in, 0, n, shift, carry, 0);
    long[] c = new long[n];
    Multiplexer.booleanToArithmetic(p.role(), p.ot(), label + ".b2a", carry, 0, n, bits, c, 0);
    long mask = Ring.mask(bits);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (out[outOff + i] + c[i]) & mask;
    }
  }
}
