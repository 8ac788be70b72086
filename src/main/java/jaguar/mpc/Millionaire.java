package jaguar.mpc;

import jaguar.mpc.ot.OtSuite;
import jaguar.net.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The millionaire comparison of CrypTFlow2/SCI: the server holds x, the client y, both L-bit
 * unsigned; they get boolean shares of [x > y]. Both inputs are cut into digits of m bits (the
 * radix; the most significant digit may be shorter). For digit j the server offers, for every
 * possible client digit v, the 2-bit message ([x_j > v], [x_j == v]) in a 1-out-of-2^m OT with
 * xor-shared output ({@link OtSuite#sendOneOfNShared}: the server's share (gt_j, eq_j) is the
 * OT's, so masked message 0 is never sent); the client chooses its digit (digit 0 needs only gt:
 * 1-bit messages). The digits are then combined in a binary tree, least significant first:
 * (gt, eq) = (gt_hi xor eq_hi AND gt_lo, eq_hi AND eq_lo), with one correlated triple group per
 * combine (see {@link BitTriples}); a node holding digit 0 never needs its eq.
 *
 * <p>Cost per comparison with q = ceil(L/m) digits: L random OTs (server to client) for the
 * leaves, q - 1 in each direction for the triples, L choice bits from the client, sum over digits
 * of (2^(m_j) - 1) k_j table bits from the server, and 2 or 3 opened bits per combine from each party;
 * rounds: 2 for the leaves, then one per tree level (the server's first opening rides with its
 * tables).
 *
 * <p>A comparison runs in four phases so that other OTs can share its rounds: {@link
 * Comparison#request()} (receiver-side OTs), {@link Comparison#serve()} (sender-side OTs), {@link
 * Comparison#collect()} (the client reads its leaf answers), {@link Comparison#finish} (the tree).
 * Messages are read in the order they were sent, so another protocol interleaved with a
 * comparison must put its phases in the same places on both sides: requests after {@code
 * request()}, answers after {@code serve()}, reading answers after {@code collect()}.
 */
public final class Millionaire {
  private final Role role;
  private final OtSuite ot;
  private final int radix;

  /**
   * @param radix bits per digit, 1 to 8 ({@link MpcParty#DEFAULT_RADIX} 3: 1-out-of-8 OTs; SCI uses 4)
   */
  public Millionaire(Role role, OtSuite ot, int radix) {
    if (radix < 1 || radix > 8) {
      throw new IllegalArgumentException("millionaire radix must be in [1, 8] bits per digit, got " + radix);
    }
    this.role = role;
    this.ot = ot;
    this.radix = radix;
  }

  public int radix() {
    return radix;
  }

  /**
   * Shares of [x > y] into {@code out[outOffset + i]}: this party's input is {@code in[offset + i]}
   * (x for the server, y for the client), {@code bits} bits (0 to 63; bits = 0 compares nothing
   * and gives shares of 0).
   */
  public void greaterThan(String label, long[] in, int offset, int n, int bits, byte[] out, int outOffset) {
    Comparison c = start(label, in, offset, n, bits);
    c.request();
    c.serve();
    c.collect();
    c.finish(out, outOffset);
  }

  /** A comparison of {@code n} pairs, to be driven through its three phases. */
  public Comparison start(String label, long[] in, int offset, int n, int bits) {
    if (bits < 0 || bits > 63) {
      throw new IllegalArgumentException("millionaire input must be 0 to 63 bits, got " + bits);
    }
    return new Comparison(label, in, offset, n, bits);
  }

  /** Digits of an L-bit comparison. */
  static int digits(int bits, int radix) {
    return (bits + radix - 1) / radix;
  }

  /** Bits of digit j. */
  static int digitBits(int bits, int radix, int j) {
    return Math.min(radix, bits - j * radix);
  }

  /** One batch of comparisons in flight. */
  public final class Comparison {
    private final String label;
    private final int n;
    private final int bits;
    private final int q;
    private final long[] input;
    private final byte[][] gt;
    private final byte[][] eq;
    private OtSuite.OneOfNRequest[] requests;
    private BitTriples.Pending pendingTriples;
    private BitTriples triples;
    private int phase;

    private Comparison(String label, long[] in, int offset, int n, int bits) {
      this.label = label;
      this.n = n;
      this.bits = bits;
      this.q = digits(bits, radix);
      long mask = Ring.mask(Math.max(bits, 1));
      this.input = new long[n];
      for (int i = 0; i < n; i++) {
        input[i] = in[offset + i] & mask;
      }
      gt = new byte[q][];
      eq = new byte[q][];
    }

    private void phase(int expected) {
      if (phase != expected) {
        throw new IllegalStateException("comparison '" + label + "': phase " + (expected + 1) + " called after phase " + phase);
      }
      phase++;
    }

    /** Phase 1: the client's leaf OT requests and both parties' receiver-side triple OTs. */
    public void request() {
      phase(0);
      if (q == 0) {
        return;
      }
      if (!role.isServer()) {
        requests = new OtSuite.OneOfNRequest[q];
        long[] choices = new long[n];
        for (int j = 0; j < q; j++) {
          int mj = digitBits(bits, radix, j);
          long dm = (1L << mj) - 1;
          for (int i = 0; i < n; i++) {
            choices[i] = (input[i] >>> (j * radix)) & dm;
          }
          requests[j] = ot.requestOneOfNShared(label + ".leaf" + j, choices, 0, n, mj, j == 0 ? 1 : 2);
        }
      }
      if (q > 1) {
        pendingTriples = BitTriples.request(ot, (q - 1) * n);
      }
    }

    /** Phase 2: the server's leaf tables and both parties' sender-side triple OTs. */
    public void serve() {
      phase(1);
      if (q == 0) {
        return;
      }
      if (role.isServer()) {
        for (int j = 0; j < q; j++) {
          sendLeaves(j);
        }
      }
      if (q > 1) {
        triples = pendingTriples.serve();
        pendingTriples = null;
      }
    }

    private void sendLeaves(int j) {
      int mj = digitBits(bits, radix, j);
      int k = j == 0 ? 1 : 2;
      int words = OtSuite.tableWords(mj, k);
      int values = 1 << mj;
      // base[a]: the table for server digit a; the OT xor-shares it, the server's share being (gt, eq)
      long[] base = new long[values * words];
      for (int a = 0; a < values; a++) {
        for (int v = 0; v < values; v++) {
          long msg = (a > v ? 1 : 0) | (k == 2 && a == v ? 2 : 0);
          OtSuite.setMessage(base, a, mj, k, v, msg);
        }
      }
      long[] tables = new long[n * words];
      long dm = values - 1;
      for (int i = 0; i < n; i++) {
        int a = (int) ((input[i] >>> (j * radix)) & dm);
        System.arraycopy(base, a * words, tables, i * words, words);
      }
      long[] shares = new long[n];
      ot.sendOneOfNShared(label + ".leaf" + j, tables, n, mj, k, shares, 0);
      byte[] g = new byte[n];
      byte[] e = new byte[n];
      for (int i = 0; i < n; i++) {
        g[i] = (byte) (shares[i] & 1);
        e[i] = (byte) ((shares[i] >>> 1) & 1);
      }
      gt[j] = g;
      eq[j] = e;
    }

    /** Phase 3: the client reads its leaf answers. */
    public void collect() {
      phase(2);
      if (q > 0 && !role.isServer()) {
        long[] got = new long[n];
        for (int j = 0; j < q; j++) {
          requests[j].finish(got, 0);
          byte[] g = new byte[n];
          byte[] e = new byte[n];
          for (int i = 0; i < n; i++) {
            g[i] = (byte) (got[i] & 1);
            e[i] = (byte) ((got[i] >>> 1) & 1);
          }
          gt[j] = g;
          eq[j] = e;
        }
        requests = null;
      }
    }

    /** Phase 4: the combining tree; writes this party's shares of [x > y]. */
    public void finish(byte[] out, int outOffset) {
      phase(3);
      if (q == 0) {
        for (int i = 0; i < n; i++) {
          out[outOffset + i] = 0;
        }
        return;
      }
      byte[] result = combine();
      System.arraycopy(result, 0, out, outOffset, n);
    }

    private byte[] combine() {
      Channel channel = ot.channel();
      List<byte[]> gts = new ArrayList<>();
      List<byte[]> eqs = new ArrayList<>();
      for (int j = 0; j < q; j++) {
        gts.add(gt[j]);
        eqs.add(j == 0 ? null : eq[j]);
      }
      int group = 0;
      int level = 0;
      int server = (int) role.constantFactor();
      while (gts.size() > 1) {
        int pairs = gts.size() / 2;
        int openBits = 0;
        for (int p = 0; p < pairs; p++) {
          openBits += n * (eqs.get(2 * p) == null ? 2 : 3);
        }
        byte[] open = new byte[openBits];
        int pos = 0;
        for (int p = 0; p < pairs; p++) {
          byte[] loGt = gts.get(2 * p);
          byte[] loEq = eqs.get(2 * p);
          byte[] hiEq = eqs.get(2 * p + 1);
          int t0 = (group + p) * n;
          for (int i = 0; i < n; i++) {
            int t = t0 + i;
            open[pos++] = (byte) (hiEq[i] ^ triples.b[t]);
            open[pos++] = (byte) (loGt[i] ^ triples.a1[t]);
            if (loEq != null) {
              open[pos++] = (byte) (loEq[i] ^ triples.a2[t]);
            }
          }
        }
        String tag = label + ".and" + level;
        channel.sendBits(tag, open, 0, openBits);
        byte[] peer = new byte[openBits];
        channel.receiveBits(tag, peer, 0, openBits);
        List<byte[]> nextGts = new ArrayList<>();
        List<byte[]> nextEqs = new ArrayList<>();
        pos = 0;
        for (int p = 0; p < pairs; p++) {
          byte[] loEq = eqs.get(2 * p);
          byte[] hiGt = gts.get(2 * p + 1);
          byte[] g = new byte[n];
          byte[] e = loEq == null ? null : new byte[n];
          int t0 = (group + p) * n;
          for (int i = 0; i < n; i++) {
            int t = t0 + i;
            int ee = open[pos] ^ peer[pos];
            pos++;
            int d1 = open[pos] ^ peer[pos];
            pos++;
            int b = triples.b[t];
            int z1 = triples.c1[t] ^ (d1 & b) ^ (ee & triples.a1[t]) ^ (server & d1 & ee);
            g[i] = (byte) (hiGt[i] ^ z1);
            if (e != null) {
              int d2 = open[pos] ^ peer[pos];
              pos++;
              e[i] = (byte) (triples.c2[t] ^ (d2 & b) ^ (ee & triples.a2[t]) ^ (server & d2 & ee));
            }
          }
          nextGts.add(g);
          nextEqs.add(e);
        }
        if (gts.size() % 2 == 1) {
          nextGts.add(gts.get(gts.size() - 1));
          nextEqs.add(eqs.get(eqs.size() - 1));
        }
        group += pairs;
        level++;
        gts = nextGts;
        eqs = nextEqs;
      }
      return gts.get(0);
    }
  }
}
