package jaguar.mpc;

/**
 * Jaguar's ring extension: shares of x in Z_{2^k} with x known to be in [0, 2^(k-1)) (after
 * ReLU) become shares of the same x in Z_{2^T}, T > k, for the next linear layer: x = x_S + x_C -
 * w 2^k with w = msb(x_S) OR msb(x_C) ({@link Msb0Wrap}, shares of w modulo 2^(T-k)).
 *
 * <p>Fused with ReLU ({@link #reluExtend} with {@code fused}): the wrap is computed on the ReLU's
 * <em>input</em>, in the same rounds as the DReLU's millionaire; the lifted input x_S + x_C - w
 * 2^k is right wherever x >= 0, which is exactly where the multiplexer keeps it, so the
 * multiplexer then runs in Z_{2^T}. It costs T - k more bits per multiplexer OT but no extra
 * rounds; the separate form (ReLU in Z_{2^k}, then extend) is cheaper in bits and costs 2 more
 * rounds.
 */
final class Extension {
  private Extension() {}

  static void extendMsb0(MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, long[] out, int outOff) {
    long[] w = new Msb0Wrap(p.role(), p.ot(), label, x, off, n, fromBits, toBits - fromBits).run();
    lift(x, off, n, fromBits, toBits, w, out, outOff);
  }

  private static void lift(long[] x, int off, int n, int fromBits, int toBits, long[] w, long[] out, int outOff) {
    long from = Ring.mask(fromBits);
    long to = Ring.mask(toBits);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = ((x[off + i] & from) - (w[i] << fromBits)) & to;
    }
  }

  /** ReLU of x in Z_{2^k}, output in Z_{2^T}. */
  static void reluExtend(
      MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, boolean fused, long[] out, int outOff) {
    if (!fused) {
      long[] r = new long[n];
      Relus.relu(p, label + ".relu", x, off, n, fromBits, r, 0);
      extendMsb0(p, label + ".ext", r, 0, n, fromBits, toBits, out, outOff);
      return;
    }
    Millionaire.Comparison c = Relus.startDrelu(p, label + ".drelu", x, off, n, fromBits);
    Msb0Wrap wrap = new Msb0Wrap(p.role(), p.ot(), label + ".wrap", x, off, n, fromBits, toBits - fromBits);
    if (c != null) {
      c.request();
    }
    wrap.request();
    if (c != null) {
      c.serve();
    }
    wrap.serve();
    if (c != null) {
      c.collect();
    }
    long[] w = wrap.finish();
    byte[] b = new byte[n];
    Relus.finishDrelu(p, c, x, off, n, fromBits, b, 0);
    long[] lifted = new long[n];
    lift(x, off, n, fromBits, toBits, w, lifted, 0);
    Multiplexer.select(p.ot(), label + ".mux", b, 0, lifted, 0, n, toBits, out, outOff);
  }
}
