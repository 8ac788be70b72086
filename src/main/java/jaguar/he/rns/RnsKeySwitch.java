package jaguar.he.rns;

import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Primes;
import java.util.ArrayList;
import java.util.List;

/**
 * Hybrid key switching with one special prime, in the manner of SEAL: the data primes q_0..q_{L-1}
 * of an {@link RnsParams} plus a special prime P: the largest prime of the requested bit size that
 * is 1 mod 2N and not a data prime, found by the same search ({@link Primes#nttPrimes}) that
 * {@link RnsSpec#validate()} uses for the data primes.
 *
 * <p>A switching key from s' to s ({@link RnsSwitchKey}) has one digit per data prime; digit j is
 * (b_j, a_j) mod every prime of Q*P with b_j = -a_j*s + e_j + P*g_j*s', where g_j = 1 mod q_j and
 * 0 mod the other q_i. To switch a polynomial d (mod q, at a level of l <= L limbs), each limb d_j
 * (centred, |d_j| <= q_j/2) is lifted to the l data primes and P, multiplied by digit j and
 * accumulated, which gives (u0, u1) mod Q_l*P with u0 + u1*s = P*d*s' + sum_j d_j*e_j; dividing by P
 * with rounding (subtracting the centred P-residue, then multiplying by P^-1 mod each q_i) leaves
 * u0 + u1*s = d*s' + sum_j d_j*e_j/P + r0 + r1*s mod Q_l, for some r0, r1 with coefficients in
 * [-1/2, 1/2] (the rounding).
 *
 * <p>Immutable and thread-safe: {@link #switchInto} allocates its scratch per call.
 */
public final class RnsKeySwitch {
  /** The special prime's bit size SEAL-style parameter sets use. */
  public static final int DEFAULT_SPECIAL_BITS = 60;

  private final RnsParams params;
  private final Modulus special;
  private final Ntt specialNtt;
  private final long[] pModQ; // P mod q_i
  private final long[] pInvModQ; // P^-1 mod q_i
  private final long[] pInvModQShoup;

  private RnsKeySwitch(RnsParams params, int specialBits) {
    int n = params.degree();
    int logN = params.spec().logN();
    if (specialBits < logN + 3 || specialBits > Modulus.MAX_BITS) {
      throw new IllegalArgumentException(
          "special prime bits must be in " + (logN + 3) + ".." + Modulus.MAX_BITS + ": " + specialBits);
    }
    List<Long> used = new ArrayList<>();
    for (int l = 0; l < params.limbs(); l++) {
      used.add(params.modulus(l).value());
    }
    this.params = params;
    this.special = new Modulus(Primes.nttPrimes(specialBits, n, 1, used).get(0));
    this.specialNtt = Ntt.of(n, special);
    int limbs = params.limbs();
    pModQ = new long[limbs];
    pInvModQ = new long[limbs];
    pInvModQShoup = new long[limbs];
    for (int l = 0; l < limbs; l++) {
      Modulus q = params.modulus(l);
      pModQ[l] = q.reduce(special.value());
      pInvModQ[l] = q.inverse(pModQ[l]);
      pInvModQShoup[l] = q.shoup(pInvModQ[l]);
    }
  }

  /** The context for params with a special prime of {@link #DEFAULT_SPECIAL_BITS} bits. */
  public static RnsKeySwitch of(RnsParams params) {
    return new RnsKeySwitch(params, DEFAULT_SPECIAL_BITS);
  }

  /**
   * The context for params with a special prime of the given bit size.
   *
   * @throws IllegalArgumentException if the size is outside [logN + 3, 60] or no such prime exists
   */
  public static RnsKeySwitch of(RnsParams params, int specialBits) {
    return new RnsKeySwitch(params, specialBits);
  }

  public RnsParams params() {
    return params;
  }

  /** The special prime P. */
  public Modulus special() {
    return special;
  }

  /** Number of primes of Q*P: the data primes then P (index {@code params().limbs()}). */
  public int primes() {
    return params.limbs() + 1;
  }

  /** Prime i of Q*P: data prime i for i < L, P for i = L. */
  public Modulus modulus(int i) {
    return i < params.limbs() ? params.modulus(i) : special;
  }

  /** The NTT tables of prime i of Q*P. */
  public Ntt ntt(int i) {
    return i < params.limbs() ? params.ntt(i) : specialNtt;
  }

  /** P mod q_l. */
  public long specialModQ(int l) {
    return pModQ[l];
  }

  /**
   * Key switching of d: writes u0, u1 (l limbs each, coefficient form, values in [0, q_i)) with u0 +
   * u1*s = d*s' + small noise mod q_0*...*q_{l-1}, for a key from s' to s. d has l <= L limbs (the
   * first l data primes), values in [0, q_i); it is not modified. u0 and u1 are overwritten.
   */
  public void switchInto(long[][] d, RnsSwitchKey key, long[][] u0, long[][] u1) {
    final int l = d.length;
    final int n = params.degree();
    long[][] acc0 = new long[l + 1][n];
    long[][] acc1 = new long[l + 1][n];
    switchLazyNttInto(d, key, acc0, acc1);
    for (int i = 0; i <= l; i++) {
      Ntt ntt = ntt(i < l ? i : params.limbs());
      ntt.inverse(acc0[i]);
      ntt.inverse(acc1[i]);
    }
    modDownInto(acc0, u0);
    modDownInto(acc1, u1);
  }

  /**
   * Key switching without the division by P (the lazy form SEAL's hoisted rotations use): writes
   * u0, u1 mod Q_l*P in NTT form, l + 1 limbs each (the first l data primes, then P at index l),
   * values in [0, p), with u0 + u1*s = P*d*s' + sum_j d_j*e_j mod Q_l*P. Sums of such pairs (and
   * products with plaintexts) can be divided by P once, with one rounding, by {@link #modDownInto}
   * after an inverse NTT ({@link #ntt}(i) for limb i < l, ntt(params().limbs()) for limb l). d as
   * in {@link #switchInto}; acc0 and acc1 are overwritten.
   */
  public void switchLazyNttInto(long[][] d, RnsSwitchKey key, long[][] acc0, long[][] acc1) {
    final int l = d.length;
    final int n = params.degree();
    final int top = params.limbs(); // key index of P
    if (l < 1 || l > top || d[0].length != n) {
      throw new IllegalArgumentException("polynomial of " + l + " limbs for " + params);
    }
    if (key.digits() != top) {
      throw new IllegalArgumentException("key of " + key.digits() + " digits for " + top + " primes");
    }
    if (acc0.length != l + 1 || acc1.length != l + 1) {
      throw new IllegalArgumentException("outputs need " + (l + 1) + " limbs, have " + acc0.length + ", " + acc1.length);
    }
    for (int i = 0; i <= l; i++) {
      java.util.Arrays.fill(acc0[i], 0);
      java.util.Arrays.fill(acc1[i], 0);
    }
    long[] tmp = new long[n];
    for (int j = 0; j < l; j++) {
      long qj = params.modulus(j).value();
      for (int i = 0; i <= l; i++) {
        int ki = i < l ? i : top;
        Modulus mi = modulus(ki);
        if (i == j) {
          System.arraycopy(d[j], 0, tmp, 0, n);
        } else {
          liftCentredInto(d[j], qj, mi, tmp);
        }
        ntt(ki).forwardLazy(tmp);
        ModPoly.montgomeryMultiplyAccumulate(acc0[i], tmp, key.b(j, ki), mi);
        ModPoly.montgomeryMultiplyAccumulate(acc1[i], tmp, key.a(j, ki), mi);
      }
    }
  }

  /**
   * out = round(x / P) mod Q_l: x has l + 1 limbs in coefficient form (data primes 0..l-1, then P
   * at index l), values in [0, p); out receives l limbs in [0, q_i). The rounding adds at most 1/2
   * per coefficient.
   */
  public void modDownInto(long[][] x, long[][] out) {
    final int l = x.length - 1;
    if (l < 1 || l > params.limbs() || out.length < l) {
      throw new IllegalArgumentException(x.length + " limbs (with P) into " + out.length + " for " + params);
    }
    for (int i = 0; i < l; i++) {
      modDownInto(x[i], x[l], i, out[i]);
    }
  }

  /** out = centred(x mod q) mod m: x[c] in [0, q), read as x[c] - q above q/2; out in [0, m). */
  static void liftCentredInto(long[] x, long q, Modulus m, long[] out) {
    final long half = q >>> 1;
    final long qModM = m.reduce(q);
    for (int c = 0; c < x.length; c++) {
      long v = x[c];
      long r = m.reduce(v);
      out[c] = v > half ? m.sub(r, qModM) : r;
    }
  }

  /**
   * out = (x - [y]_P) * P^-1 mod q_i, with [y]_P the centred residue mod P: the exact division by
   * P of the integer whose residues are x (mod q_i) and y (mod P), rounded to nearest. x in [0,
   * q_i), y in [0, P); out in [0, q_i). No allocation.
   */
  private void modDownInto(long[] x, long[] y, int i, long[] out) {
    final Modulus q = params.modulus(i);
    final long pv = special.value();
    final long half = pv >>> 1;
    final long pq = pModQ[i];
    final long w = pInvModQ[i];
    final long ws = pInvModQShoup[i];
    for (int c = 0; c < x.length; c++) {
      long yc = y[c];
      long r = q.reduce(yc);
      if (yc > half) {
        r = q.sub(r, pq);
      }
      out[c] = q.mulShoup(q.sub(x[c], r), w, ws);
    }
  }

  @Override
  public String toString() {
    return "key switching over " + params + " with special prime " + special.value();
  }
}
