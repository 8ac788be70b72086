package jaguar.experiment.security;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvShape;
import jaguar.he.PackedBits;
import java.math.BigInteger;

/**
 * The attack of spec section 6, item 1: without re-randomisation the c1 the server returns is
 * sum over taps of w * X^shift * a, a known linear function of the weights (the client expanded a
 * from its own seed), and even its top bits determine the weights. For output channel m (tile 0)
 * the client sets up, for E coefficients j, y_j = (what it received of c1_j) = sum_t w_t A_jt -
 * l_j (mod q) with |l_j| <= 2^(b1-1), and finds the short vector (w, l) with LLL (Kannan's
 * embedding of this bounded-distance problem). The candidate is accepted only if it explains all N
 * coefficients of c1 within the rounding: then it is the unique such filter of its size.
 */
final class C1Attack {
  /** The outcome: the recovered filter (null if none verified) and the effort. */
  record Outcome(long[] recovered, int unknowns, int equations, int latticeDimension, double seconds) {
    boolean succeeded() {
      return recovered != null;
    }
  }

  private C1Attack() {}

  /**
   * @param m output channel to attack
   * @param weightBound the attacker's bound on |w| (e.g. 2^11 for 12-bit fixed-point weights)
   */
  static Outcome run(ClientView v, int m, long weightBound) {
    long t0 = System.nanoTime();
    ConvPlan plan = v.plan();
    ConvShape s = v.shape();
    int n = plan.degree();
    int q = v.boundary().params().logQ();
    long qMask = v.boundary().params().qMask();
    int b1 = v.boundary().c1Dropped();
    int tile = 0;
    int g = m * plan.tiles() + tile;
    // what the client received of c1 for this group, and its rebuilt value y = 2^b1 C1 + 2^(b1-1)
    long[] c1 = new long[n];
    PackedBits.unpack(v.message(), v.groupOffset(g), q - b1, c1);
    long[] y = new long[n];
    for (int j = 0; j < n; j++) {
      y[j] = ((c1[j] << b1) + (b1 == 0 ? 0 : 1L << (b1 - 1))) & qMask;
    }
    // the unknowns: every tap of channel m's filter, with the uniform part it multiplies
    int cpg = s.channelsPerGroup();
    int k = s.k();
    int unknowns = cpg * k * k;
    long[][] source = new long[unknowns][];
    int[] shift = new int[unknowns];
    int first = s.groupOf(m) * cpg;
    for (int cl = 0; cl < cpg; cl++) {
      int c = first + cl;
      int block = c / plan.blockChannels();
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int t = (cl * k + i) * k + j;
          source[t] = v.inputUniform()[plan.inputIndex(block, tile)];
          shift[t] = plan.tapShift(c % plan.blockChannels(), i, j);
        }
      }
    }
    int eqs = unknowns + 4;
    int[] rows = new int[eqs];
    for (int r = 0; r < eqs; r++) {
      rows[r] = (int) ((long) r * n / eqs);
    }
    long bound = b1 == 0 ? 1 : 1L << (b1 - 1); // |l| <= bound
    BigInteger sw = BigInteger.valueOf(Math.max(1, bound / weightBound)); // scale weights up to ~bound
    BigInteger se = BigInteger.valueOf(Math.max(1, weightBound / bound)); // or equations up to ~W
    BigInteger big = BigInteger.valueOf(Math.max(bound, weightBound));
    int dim = unknowns + eqs + 1;
    BigInteger[][] basis = new BigInteger[dim][dim];
    for (BigInteger[] row : basis) {
      java.util.Arrays.fill(row, BigInteger.ZERO);
    }
    BigInteger qBig = BigInteger.ONE.shiftLeft(q);
    for (int t = 0; t < unknowns; t++) {
      basis[t][t] = sw;
      for (int r = 0; r < eqs; r++) {
        basis[t][unknowns + r] = BigInteger.valueOf(coefficient(source[t], shift[t], rows[r], qMask)).multiply(se);
      }
    }
    for (int r = 0; r < eqs; r++) {
      basis[unknowns + r][unknowns + r] = qBig.multiply(se);
    }
    for (int r = 0; r < eqs; r++) {
      basis[dim - 1][unknowns + r] = BigInteger.valueOf(y[rows[r]]).negate().multiply(se);
    }
    basis[dim - 1][dim - 1] = big.multiply(sw);
    IntegralLll.reduce(basis);
    long[] found = null;
    BigInteger target = big.multiply(sw);
    for (BigInteger[] row : basis) {
      int sign = row[dim - 1].equals(target) ? 1 : row[dim - 1].equals(target.negate()) ? -1 : 0;
      if (sign == 0) {
        continue;
      }
      long[] w = new long[unknowns];
      boolean fits = true;
      for (int t = 0; t < unknowns && fits; t++) {
        BigInteger[] qr = row[t].divideAndRemainder(sw);
        fits = qr[1].signum() == 0 && qr[0].abs().compareTo(BigInteger.valueOf(weightBound)) <= 0;
        w[t] = sign * qr[0].longValue();
      }
      if (fits && explainsAll(w, source, shift, y, bound, q)) {
        found = w;
        break;
      }
    }
    return new Outcome(found, unknowns, eqs, dim, (System.nanoTime() - t0) / 1e9);
  }

  /** (X^shift * a)_j mod q. */
  private static long coefficient(long[] a, int shift, int j, long qMask) {
    return (j >= shift ? a[j - shift] : -a[j - shift + a.length]) & qMask;
  }

  /** Whether |sum_t w_t (X^shift_t a_t)_j - y_j| <= bound (centred mod q) at every coefficient. */
  private static boolean explainsAll(long[] w, long[][] source, int[] shift, long[] y, long bound, int q) {
    int n = y.length;
    long[] acc = new long[n];
    for (int t = 0; t < w.length; t++) {
      long[] a = source[t];
      int sh = shift[t];
      for (int i = 0; i < n; i++) {
        int j = i + sh;
        if (j < n) {
          acc[j] += w[t] * a[i];
        } else {
          acc[j - n] -= w[t] * a[i];
        }
      }
    }
    int unused = 64 - q;
    for (int j = 0; j < n; j++) {
      long d = ((acc[j] - y[j]) << unused) >> unused;
      if (Math.abs(d) > bound) {
        return false;
      }
    }
    return true;
  }
}
