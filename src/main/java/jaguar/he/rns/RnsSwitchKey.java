package jaguar.he.rns;

import jaguar.he.SecretKey;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Prg;
import jaguar.math.Sampler;

/**
 * A key-switching key from a secret s' to a secret s for an {@link RnsKeySwitch} context: one digit
 * per data prime, digit j = (b_j, a_j) mod every prime of Q*P, b_j = -a_j*s + e_j + P*g_j*s' (g_j =
 * 1 mod q_j, 0 mod the other data primes; so the P*g_j*s' term is present only mod q_j), a_j
 * uniform (expanded from a per-digit seed) and e_j discrete Gaussian. Stored in NTT form and
 * Montgomery form (x * 2^64 mod p), as {@link RnsKeySwitch#switchInto} reads it. Immutable.
 */
public final class RnsSwitchKey {
  private final long[][][] b; // [digit][prime of Q*P][N]
  private final long[][][] a;
  private final byte[][] seeds; // seed of a_j

  private RnsSwitchKey(long[][][] b, long[][][] a, byte[][] seeds) {
    this.b = b;
    this.a = a;
    this.seeds = seeds;
  }

  /**
   * A key switching from {@code from} (signed coefficients, e.g. tau_k(s) of a ternary s) to the
   * secret {@code to}, with all randomness drawn from prg.
   */
  public static RnsSwitchKey generate(RnsKeySwitch ctx, long[] from, SecretKey to, Prg prg) {
    RnsParams params = ctx.params();
    int n = params.degree();
    if (from.length != n || to.degree() != n) {
      throw new IllegalArgumentException("secrets of degree " + from.length + ", " + to.degree() + " for N=" + n);
    }
    int digits = params.limbs();
    int primes = ctx.primes();
    long[][] sHat = new long[primes][];
    long[][] fHat = new long[primes][];
    long[] s = to.coefficients();
    for (int i = 0; i < primes; i++) {
      sHat[i] = nttOfSigned(ctx, i, s);
      fHat[i] = nttOfSigned(ctx, i, from);
    }
    long[][][] b = new long[digits][primes][];
    long[][][] a = new long[digits][][];
    byte[][] seeds = new byte[digits][];
    long[] e = new long[n];
    for (int j = 0; j < digits; j++) {
      seeds[j] = prg.nextSeed();
      a[j] = uniformPart(ctx, seeds[j]);
      Sampler.gaussian(prg, e);
      for (int i = 0; i < primes; i++) {
        Modulus m = ctx.modulus(i);
        long[] bi = nttOfSigned(ctx, i, e);
        long[] ai = a[j][i];
        long[] si = sHat[i];
        for (int c = 0; c < n; c++) {
          bi[c] = m.sub(bi[c], m.mul(ai[c], si[c]));
        }
        if (i == j) {
          long w = ctx.specialModQ(j);
          long[] fi = fHat[i];
          for (int c = 0; c < n; c++) {
            bi[c] = m.add(bi[c], m.mul(w, fi[c]));
          }
        }
        toMontgomery(bi, m);
        toMontgomery(ai, m);
        b[j][i] = bi;
      }
    }
    return new RnsSwitchKey(b, a, seeds);
  }

  /**
   * A key from its b parts ([digit][prime of Q*P][N], NTT and Montgomery form, each below its
   * prime; taken, not copied) and the seeds of its a parts (re-expanded here): the inverse of
   * {@link #b} and {@link #seed}, for the wire ({@link GaloisKeyWire}).
   */
  static RnsSwitchKey fromParts(RnsKeySwitch ctx, long[][][] b, byte[][] seeds) {
    if (b.length != seeds.length) {
      throw new IllegalArgumentException(b.length + " digits of b, " + seeds.length + " seeds");
    }
    long[][][] a = new long[seeds.length][][];
    for (int j = 0; j < seeds.length; j++) {
      a[j] = uniformPart(ctx, seeds[j]);
      for (int i = 0; i < a[j].length; i++) {
        toMontgomery(a[j][i], ctx.modulus(i));
      }
    }
    return new RnsSwitchKey(b, a, seeds.clone());
  }

  /** a_j in NTT form (not yet Montgomery), uniform mod each prime of Q*P, from its seed. */
  private static long[][] uniformPart(RnsKeySwitch ctx, byte[] seed) {
    Prg prg = Prg.fromSeed(seed);
    long[][] out = new long[ctx.primes()][ctx.params().degree()];
    for (int i = 0; i < out.length; i++) {
      prg.fillUniform(out[i], ctx.modulus(i).value());
    }
    return out;
  }

  private static long[] nttOfSigned(RnsKeySwitch ctx, int i, long[] x) {
    Modulus m = ctx.modulus(i);
    Ntt ntt = ctx.ntt(i);
    long[] out = new long[x.length];
    for (int c = 0; c < x.length; c++) {
      out[c] = m.reduceSigned(x[c]);
    }
    ntt.forward(out);
    return out;
  }

  private static void toMontgomery(long[] x, Modulus m) {
    for (int c = 0; c < x.length; c++) {
      x[c] = m.toMontgomery(x[c]);
    }
  }

  /** Number of digits (the data primes of the context it was made for). */
  public int digits() {
    return b.length;
  }

  /** The seed a_j was expanded from (for seeded serialisation). */
  public byte[] seed(int digit) {
    return seeds[digit].clone();
  }

  /** b_j mod prime i of Q*P, NTT and Montgomery form; the caller must not modify it. */
  long[] b(int digit, int prime) {
    return b[digit][prime];
  }

  /** a_j mod prime i of Q*P, NTT and Montgomery form; the caller must not modify it. */
  long[] a(int digit, int prime) {
    return a[digit][prime];
  }
}
