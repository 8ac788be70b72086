package jaguar.he.rns;

import jaguar.he.SecretKey;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Prg;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Galois keys: for each Galois element k of a set, a key switching from tau_k(s) to s
 * ({@link RnsSwitchKey}) over an {@link RnsKeySwitch} context. {@link #apply} turns a ciphertext
 * of m under s into one of tau_k(m) under s. Immutable and thread-safe.
 */
public final class GaloisKeys {
  private final RnsKeySwitch ctx;
  private final Map<Integer, RnsSwitchKey> keys;

  private GaloisKeys(RnsKeySwitch ctx, Map<Integer, RnsSwitchKey> keys) {
    this.ctx = ctx;
    this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
  }

  /**
   * Keys for the given Galois elements (each odd in [1, 2N)) from the secret key, with all
   * randomness drawn from prg.
   */
  public static GaloisKeys generate(RnsKeySwitch ctx, SecretKey sk, int[] elements, Prg prg) {
    int n = ctx.params().degree();
    long[] s = sk.coefficients();
    long[] ts = new long[n];
    Map<Integer, RnsSwitchKey> keys = new TreeMap<>();
    for (int k : elements) {
      Galois.check(k, n);
      if (!keys.containsKey(k)) {
        Galois.applySignedInto(s, k, ts);
        keys.put(k, RnsSwitchKey.generate(ctx, ts, sk, prg));
      }
    }
    return new GaloisKeys(ctx, keys);
  }

  /**
   * Keys given element by element (each must switch from tau_k(s) to s for {@link #apply} to be
   * correct; nothing here checks that).
   */
  public static GaloisKeys of(RnsKeySwitch ctx, Map<Integer, RnsSwitchKey> keys) {
    for (Map.Entry<Integer, RnsSwitchKey> e : keys.entrySet()) {
      Galois.check(e.getKey(), ctx.params().degree());
      if (e.getValue().digits() != ctx.params().limbs()) {
        throw new IllegalArgumentException("key for " + e.getKey() + " has " + e.getValue().digits() + " digits");
      }
    }
    return new GaloisKeys(ctx, keys);
  }

  /** The elements 2^(i+1) + 1 for i = 0..logN-1 (3, 5, 9, ..., N + 1). */
  public static int[] powerOfTwoPlusOneElements(int logN) {
    int[] out = new int[logN];
    for (int i = 0; i < logN; i++) {
      out[i] = (1 << (i + 1)) + 1;
    }
    return out;
  }

  public RnsKeySwitch context() {
    return ctx;
  }

  /** The Galois elements held, in increasing order. */
  public Set<Integer> elements() {
    return keys.keySet();
  }

  public boolean contains(int k) {
    return keys.containsKey(k);
  }

  /** The switching key of element k. */
  public RnsSwitchKey key(int k) {
    RnsSwitchKey key = keys.get(k);
    if (key == null) {
      throw new IllegalArgumentException("no Galois key for element " + k + "; have " + keys.keySet());
    }
    return key;
  }

  /**
   * A new ciphertext of tau_k(m) under s, from ct of m under s: (tau_k(c0) + u0, u1) with (u0, u1)
   * the switching of tau_k(c1) from tau_k(s) to s. ct may be at any level (its limbs the first
   * primes of the context); the result has the same limbs. ct is not modified.
   *
   * @throws IllegalArgumentException if there is no key for k or the shape does not match
   */
  public RnsCiphertext apply(RnsCiphertext ct, int k) {
    RnsSwitchKey key = key(k);
    RnsParams params = ctx.params();
    RnsCiphertext t = Galois.apply(params, ct, k);
    RnsCiphertext out = RnsCiphertext.zero(ct.limbs(), ct.degree());
    ctx.switchInto(t.c1(), key, out.c0(), out.c1());
    for (int l = 0; l < ct.limbs(); l++) {
      ModPoly.addInto(out.c0()[l], t.c0()[l], params.modulus(l));
    }
    return out;
  }

  /**
   * tau_k(ct) key-switched to s but left at Q_l*P (no division by P), in NTT form: [component][limb]
   * with l + 1 limbs (ct's l data primes, then P at index l; see {@link
   * RnsKeySwitch#switchLazyNttInto}), values in [0, p). Its phase is P*tau_k(phase of ct) +
   * sum_j d_j e_j mod Q_l*P: sums of such results times plaintexts are divided by P once ({@link
   * RnsKeySwitch#modDownInto}), so the rounding of the division is not multiplied by the
   * plaintexts. ct is not modified.
   */
  public long[][][] applyLazyNtt(RnsCiphertext ct, int k) {
    RnsSwitchKey key = key(k);
    RnsParams params = ctx.params();
    int l = ct.limbs();
    int n = ct.degree();
    RnsCiphertext t = Galois.apply(params, ct, k);
    long[][][] out = new long[2][l + 1][n];
    ctx.switchLazyNttInto(t.c1(), key, out[0], out[1]);
    for (int i = 0; i < l; i++) {
      Modulus m = params.modulus(i);
      long w = ctx.specialModQ(i);
      long ws = m.shoup(w);
      long[] x = t.c0()[i];
      for (int c = 0; c < n; c++) {
        x[c] = m.mulShoup(x[c], w, ws);
      }
      params.ntt(i).forward(x);
      ModPoly.addInto(out[0][i], x, m);
    }
    return out;
  }
}
