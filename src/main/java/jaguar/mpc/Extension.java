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
    reluExtend(p, label, x, off, n, fromBits, toBits, fused, Reduction.EXACT, out, outOff, null);
  }

  /**
   * As above with the comparison exact or on a reduced ring (fused only: where an approximate
   * DReLU keeps x, x >= 0 still holds, so the fused zero-MSB wrap stays right); {@code decisions}
   * (may be null) receives this party's shares of the kept bit.
   */
  static void reluExtend(
      MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, boolean fused, Reduction r, long[] out,
      int outOff, byte[] decisions) {
    if (!fused) {
      if (!r.exact()) {
        throw new IllegalArgumentException("the separate ReLU-then-extension is built exact only");
      }
      long[] y = new long[n];
      Relus.relu(p, label + ".relu", x, off, n, fromBits, y, 0);
      extendMsb0(p, label + ".ext", y, 0, n, fromBits, toBits, out, outOff);
      return;
    }
    long[] cmp = r.exact() ? x : Relus.reduced(x, off, n, fromBits, r);
    int cmpOff = r.exact() ? off : 0;
    int cmpBits = r.comparedBits(fromBits);
    Millionaire.Comparison c = Relus.startDrelu(p, label + ".drelu", cmp, cmpOff, n, cmpBits);
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
    Relus.finishDrelu(p, c, cmp, cmpOff, n, cmpBits, b, 0);
    if (decisions != null) {
      System.arraycopy(b, 0, decisions, 0, n);
    }
    long[] lifted = new long[n];
    lift(x, off, n, fromBits, toBits, w, lifted, 0);
    Multiplexer.select(p.ot(), label + ".mux", b, 0, lifted, 0, n, toBits, out, outOff);
  }

  /**
   * Signed extension: shares of any signed x in Z_{2^k} become shares of the same signed value in
   * Z_{2^T}. The server adds B = 2^(k-1), so x + B is in [0, 2^k) read unsigned; its wrap w comes
   * from {@link SignedWrap} as shares modulo 2^(T-k); x + B = x_S + B + x_C - w 2^k holds in
   * Z_{2^T}, and the server subtracts B there. For values no activation bounds (MobileNetV2's
   * linear bottlenecks, residual sums feeding a convolution).
   */
  static void extendSigned(MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, long[] out, int outOff) {
    long bias = p.role().isServer() ? 1L << (fromBits - 1) : 0;
    long from = Ring.mask(fromBits);
    long[] xu = new long[n];
    for (int i = 0; i < n; i++) {
      xu[i] = (x[off + i] + bias) & from;
    }
    long[] w = SignedWrap.shares(p, label, xu, n, fromBits, toBits - fromBits);
    long to = Ring.mask(toBits);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (xu[i] - (w[i] << fromBits) - bias) & to;
    }
  }

  /**
   * ReLU6 of signed x in Z_{2^k} (clip at 6 * 2^scaleBits), output in Z_{2^T}, the extension
   * fused as in {@link #reluExtend}: b1 = [x >= 0] and b2 = [x - 6 2^f >= 0] in one DReLU batch,
   * the zero-MSB wrap of x in the same rounds (right wherever x >= 0, the only place b1 keeps x),
   * b1 AND b2, then b1 x' + (b1 AND b2)(6 2^f - x') with x' the lifted x, both multiplexers in
   * Z_{2^T}.
   */
  static void relu6Extend(
      MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, int scaleBits, long[] out, int outOff) {
    relu6Extend(p, label, x, off, n, fromBits, toBits, scaleBits, Reduction.EXACT, out, outOff, null);
  }

  /** As above with both comparisons exact or on a reduced ring; {@code decisions}: b1 (n) then b2 (n). */
  static void relu6Extend(
      MpcParty p, String label, long[] x, int off, int n, int fromBits, int toBits, int scaleBits, Reduction r, long[] out,
      int outOff, byte[] decisions) {
    long six = 6L << scaleBits;
    if (scaleBits < 0 || scaleBits > 60 || six >= 1L << (fromBits - 1)) {
      throw new IllegalArgumentException(
          "ReLU6 needs 6 * 2^" + scaleBits + " < 2^" + (fromBits - 1) + " (the ring's positive range)");
    }
    long mask = Ring.mask(fromBits);
    long sixShare = p.role().isServer() ? six : 0;
    long[] both = new long[2 * n];
    for (int i = 0; i < n; i++) {
      both[i] = x[off + i] & mask;
      both[n + i] = (x[off + i] - sixShare) & mask;
    }
    long[] cmp = r.exact() ? both : Relus.reduced(both, 0, 2 * n, fromBits, r);
    int cmpBits = r.comparedBits(fromBits);
    Millionaire.Comparison c = Relus.startDrelu(p, label + ".drelu", cmp, 0, 2 * n, cmpBits);
    Msb0Wrap wrap = new Msb0Wrap(p.role(), p.ot(), label + ".wrap", x, off, n, fromBits, toBits - fromBits);
    c.request();
    wrap.request();
    c.serve();
    wrap.serve();
    c.collect();
    long[] w = wrap.finish();
    byte[] b = new byte[2 * n];
    Relus.finishDrelu(p, c, cmp, 0, 2 * n, cmpBits, b, 0);
    if (decisions != null) {
      System.arraycopy(b, 0, decisions, 0, 2 * n);
    }
    byte[] b1 = java.util.Arrays.copyOfRange(b, 0, n);
    byte[] b2 = java.util.Arrays.copyOfRange(b, n, 2 * n);
    byte[] b12 = new byte[n];
    BitTriples t = BitTriples.generate(p.ot(), n);
    BitTriples.and(p.role(), p.channel(), label + ".and", t, b1, b2, n, b12);
    long[] lifted = new long[n];
    lift(x, off, n, fromBits, toBits, w, lifted, 0);
    long to = Ring.mask(toBits);
    byte[] sel = new byte[2 * n];
    long[] val = new long[2 * n];
    for (int i = 0; i < n; i++) {
      sel[i] = b1[i];
      val[i] = lifted[i];
      sel[n + i] = b12[i];
      val[n + i] = (sixShare - lifted[i]) & to;
    }
    long[] muxed = new long[2 * n];
    Multiplexer.select(p.ot(), label + ".mux", sel, 0, val, 0, 2 * n, toBits, muxed, 0);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (muxed[i] + muxed[n + i]) & to;
    }
  }
}
