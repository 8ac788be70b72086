package jaguar.mpc;

/**
 * DReLU, ReLU, ReLU6 and max-pooling on shares over Z_{2^l} (signed values). DReLU(x) = [x >= 0] =
 * 1 xor msb(x), and msb(x) = msb(x_S) xor msb(x_C) xor carry, where the carry of the low l-1 bits
 * is [x_S' > 2^(l-1) - 1 - x_C']: one millionaire on l-1 bits.
 */
final class Relus {
  private Relus() {}

  /** Boolean shares of [x >= 0]. */
  static void drelu(MpcParty p, String label, long[] x, int off, int n, int bits, byte[] out, int outOff) {
    Millionaire.Comparison c = startDrelu(p, label, x, off, n, bits);
    if (c != null) {
      c.request();
      c.serve();
      c.collect();
    }
    finishDrelu(p, c, x, off, n, bits, out, outOff);
  }

  /** The millionaire behind a DReLU, not yet run (null for 1-bit rings, which need none). */
  static Millionaire.Comparison startDrelu(MpcParty p, String label, long[] x, int off, int n, int bits) {
    if (bits == 1) {
      return null;
    }
    int low = bits - 1;
    long mask = Ring.mask(low);
    long[] in = new long[n];
    boolean server = p.role().isServer();
    for (int i = 0; i < n; i++) {
      long v = x[off + i] & mask;
      in[i] = server ? v : mask - v;
    }
    return p.millionaire().start(label, in, 0, n, low);
  }

  static void finishDrelu(
      MpcParty p, Millionaire.Comparison c, long[] x, int off, int n, int bits, byte[] out, int outOff) {
    int one = (int) p.role().constantFactor();
    if (c != null) {
      c.finish(out, outOff);
    } else {
      for (int i = 0; i < n; i++) {
        out[outOff + i] = 0;
      }
    }
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (byte) (out[outOff + i] ^ Ring.msb(x[off + i], bits) ^ one);
    }
  }

  /**
   * The shares DReLU compares: x itself (exact), or each party's share with its low {@code lo}
   * bits and its bits above {@code lo + width} dropped (approximate), read in {@code width} bits.
   */
  static long[] reduced(long[] x, int off, int n, int bits, Reduction r) {
    long mask = Ring.mask(bits);
    long keep = Ring.mask(r.width());
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = ((x[off + i] & mask) >>> r.lo()) & keep;
    }
    return y;
  }

  /** Boolean shares of [x >= 0], exact or on the reduced ring. */
  static void drelu(MpcParty p, String label, long[] x, int off, int n, int bits, Reduction r, byte[] out, int outOff) {
    if (r.exact()) {
      drelu(p, label, x, off, n, bits, out, outOff);
    } else {
      drelu(p, label, reduced(x, off, n, bits, r), 0, n, r.width(), out, outOff);
    }
  }

  /** max(x, 0); {@code decisions} (may be null) receives this party's shares of the kept bit. */
  static void relu(MpcParty p, String label, long[] x, int off, int n, int bits, Reduction r, long[] out, int outOff,
      byte[] decisions) {
    byte[] b = new byte[n];
    drelu(p, label + ".drelu", x, off, n, bits, r, b, 0);
    if (decisions != null) {
      System.arraycopy(b, 0, decisions, 0, n);
    }
    Multiplexer.select(p.ot(), label + ".mux", b, 0, x, off, n, bits, out, outOff);
  }

  /** max(x, 0), exact. */
  static void relu(MpcParty p, String label, long[] x, int off, int n, int bits, long[] out, int outOff) {
    relu(p, label, x, off, n, bits, Reduction.EXACT, out, outOff, null);
  }

  /**
   * min(max(x, 0), 6 * 2^scaleBits) as b1 x + (b1 AND b2)(6 2^f - x) with b1 = [x >= 0], b2 = [x
   * - 6 2^f >= 0] (both DReLUs in one millionaire batch; b2 is only used where x >= 0, where x - 6
   * 2^f cannot wrap), one AND, then both multiplexers in one batch.
   */
  static void relu6(MpcParty p, String label, long[] x, int off, int n, int bits, int scaleBits, long[] out, int outOff) {
    relu6(p, label, x, off, n, bits, scaleBits, Reduction.EXACT, out, outOff, null);
  }

  /**
   * ReLU6, exact or with both comparisons on the reduced ring; {@code decisions} (may be null)
   * receives this party's shares of b1 (n) then b2 (n).
   */
  static void relu6(MpcParty p, String label, long[] x, int off, int n, int bits, int scaleBits, Reduction r, long[] out,
      int outOff, byte[] decisions) {
    long six = 6L << scaleBits;
    if (scaleBits < 0 || scaleBits > 60 || bits < 64 && six >= 1L << (bits - 1)) {
      throw new IllegalArgumentException(
          "ReLU6 needs 6 * 2^" + scaleBits + " < 2^" + (bits - 1) + " (the ring's positive range)");
    }
    long mask = Ring.mask(bits);
    long sixShare = p.role().isServer() ? six : 0;
    long[] both = new long[2 * n];
    for (int i = 0; i < n; i++) {
      both[i] = x[off + i] & mask;
      both[n + i] = (x[off + i] - sixShare) & mask;
    }
    byte[] b = new byte[2 * n];
    drelu(p, label + ".drelu", both, 0, 2 * n, bits, r, b, 0);
    if (decisions != null) {
      System.arraycopy(b, 0, decisions, 0, 2 * n);
    }
    byte[] b1 = java.util.Arrays.copyOfRange(b, 0, n);
    byte[] b2 = java.util.Arrays.copyOfRange(b, n, 2 * n);
    byte[] b12 = new byte[n];
    BitTriples t = BitTriples.generate(p.ot(), n);
    BitTriples.and(p.role(), p.channel(), label + ".and", t, b1, b2, n, b12);
    byte[] sel = new byte[2 * n];
    long[] val = new long[2 * n];
    for (int i = 0; i < n; i++) {
      sel[i] = b1[i];
      val[i] = x[off + i] & mask;
      sel[n + i] = b12[i];
      val[n + i] = (sixShare - x[off + i]) & mask;
    }
    long[] muxed = new long[2 * n];
    Multiplexer.select(p.ot(), label + ".mux", sel, 0, val, 0, 2 * n, bits, muxed, 0);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (muxed[i] + muxed[n + i]) & mask;
    }
  }

  /**
   * Max of each window of {@code window} consecutive values, by a tree of max(a, b) = b +
   * ReLU(a - b), one batched ReLU per level. Exact when every value is in [-2^(l-2), 2^(l-2)), so
   * that a - b does not wrap.
   */
  static void maxPool(MpcParty p, String label, long[] x, int off, int n, int window, int bits, long[] out, int outOff) {
    long mask = Ring.mask(bits);
    long[] cur = new long[n * window];
    System.arraycopy(x, off, cur, 0, n * window);
    int width = window;
    int level = 0;
    while (width > 1) {
      int pairs = width / 2;
      long[] diff = new long[n * pairs];
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < pairs; t++) {
          diff[i * pairs + t] = (cur[i * width + 2 * t] - cur[i * width + 2 * t + 1]) & mask;
        }
      }
      long[] r = new long[n * pairs];
      relu(p, label + ".l" + level, diff, 0, n * pairs, bits, r, 0);
      int nextWidth = pairs + (width & 1);
      long[] next = new long[n * nextWidth];
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < pairs; t++) {
          next[i * nextWidth + t] = (cur[i * width + 2 * t + 1] + r[i * pairs + t]) & mask;
        }
        if ((width & 1) == 1) {
          next[i * nextWidth + pairs] = cur[i * width + width - 1];
        }
      }
      cur = next;
      width = nextWidth;
      level++;
    }
    System.arraycopy(cur, 0, out, outOff, n);
  }

  /**
   * Shares of the index of the first largest value of each window of {@code window} consecutive
   * values, by the tree of {@link #maxPool}: at each level, for the pair (a, b) with a the lower
   * index, d = a - b and s = [d >= 0] (a wins ties, so the first largest wins overall), max = b +
   * s d and index = i_b + s (i_a - i_b), both multiplexers in one batch. Indices start public
   * (the server holds them, the client 0) and are shares in Z_{2^bits} afterwards. Exact when
   * every value is in [-2^(l-2), 2^(l-2)) (or all are non-negative), so that d does not wrap; the
   * window must be below 2^(l-1).
   */
  static void argmax(MpcParty p, String label, long[] x, int off, int n, int window, int bits, long[] out, int outOff) {
    long mask = Ring.mask(bits);
    boolean server = p.role().isServer();
    long[] cur = new long[n * window];
    long[] idx = new long[n * window];
    System.arraycopy(x, off, cur, 0, n * window);
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < window; t++) {
        idx[i * window + t] = server ? t : 0;
      }
    }
    int width = window;
    int level = 0;
    while (width > 1) {
      int pairs = width / 2;
      int m = n * pairs;
      long[] diff = new long[m];
      long[] both = new long[2 * m];
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < pairs; t++) {
          int a = i * width + 2 * t;
          int k = i * pairs + t;
          diff[k] = (cur[a] - cur[a + 1]) & mask;
          both[k] = diff[k];
          both[m + k] = (idx[a] - idx[a + 1]) & mask;
        }
      }
      byte[] s = new byte[m];
      drelu(p, label + ".l" + level + ".drelu", diff, 0, m, bits, s, 0);
      byte[] sel = new byte[2 * m];
      System.arraycopy(s, 0, sel, 0, m);
      System.arraycopy(s, 0, sel, m, m);
      long[] muxed = new long[2 * m];
      Multiplexer.select(p.ot(), label + ".l" + level + ".mux", sel, 0, both, 0, 2 * m, bits, muxed, 0);
      int nextWidth = pairs + (width & 1);
      long[] next = new long[n * nextWidth];
      long[] nextIdx = new long[n * nextWidth];
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < pairs; t++) {
          int b = i * width + 2 * t + 1;
          int k = i * pairs + t;
          next[i * nextWidth + t] = (cur[b] + muxed[k]) & mask;
          nextIdx[i * nextWidth + t] = (idx[b] + muxed[m + k]) & mask;
        }
        if ((width & 1) == 1) {
          next[i * nextWidth + pairs] = cur[i * width + width - 1];
          nextIdx[i * nextWidth + pairs] = idx[i * width + width - 1];
        }
      }
      cur = next;
      idx = nextIdx;
      width = nextWidth;
      level++;
    }
    System.arraycopy(idx, 0, out, outOff, n);
  }
}
