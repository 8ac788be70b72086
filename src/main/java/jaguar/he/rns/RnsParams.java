package jaguar.he.rns;

import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Primes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Validated, immutable parameters of BFV over an RNS modulus q = p_1 * ... * p_L with t = 2^T:
 * the primes with their NTT tables, Delta = floor(q/t) per limb, and the constants of decryption
 * (the HPS-style scale-and-round: round(t * x / q) mod t = round(sum_i [x_i * (q/p_i)^-1]_{p_i} *
 * t/p_i) mod t, with t/p_i held to 128 fractional bits). Made by {@link RnsSpec#validate()}.
 */
public final class RnsParams {
  private final RnsSpec spec;
  private final int n;
  private final Modulus[] moduli;
  private final Ntt[] ntts;
  private final long[] deltaMod;
  private final long[] deltaModShoup;
  private final long[] qHatInv; // (q/p_i)^{-1} mod p_i
  private final long[] qHatInvShoup;
  private final long[] tOverPHi; // floor(t * 2^128 / p_i), high word
  private final long[] tOverPLo; // low word
  private final double log2Q;
  private final double log2Delta;
  private final BigInteger q;

  RnsParams(RnsSpec spec) {
    this.spec = spec;
    this.n = 1 << spec.logN();
    int limbs = spec.primeBits().size();
    moduli = new Modulus[limbs];
    ntts = new Ntt[limbs];
    List<Long> used = new ArrayList<>();
    BigInteger prod = BigInteger.ONE;
    for (int i = 0; i < limbs; i++) {
      long p = Primes.nttPrimes(spec.primeBits().get(i), n, 1, used).get(0);
      used.add(p);
      moduli[i] = new Modulus(p);
      ntts[i] = Ntt.of(n, moduli[i]);
      prod = prod.multiply(BigInteger.valueOf(p));
    }
    q = prod;
    BigInteger t = BigInteger.ONE.shiftLeft(spec.logT());
    BigInteger delta = q.divide(t);
    deltaMod = new long[limbs];
    deltaModShoup = new long[limbs];
    qHatInv = new long[limbs];
    qHatInvShoup = new long[limbs];
    tOverPHi = new long[limbs];
    tOverPLo = new long[limbs];
    for (int i = 0; i < limbs; i++) {
      BigInteger p = BigInteger.valueOf(moduli[i].value());
      deltaMod[i] = delta.mod(p).longValue();
      deltaModShoup[i] = moduli[i].shoup(deltaMod[i]);
      qHatInv[i] = q.divide(p).modInverse(p).longValue();
      qHatInvShoup[i] = moduli[i].shoup(qHatInv[i]);
      BigInteger w = t.shiftLeft(128).divide(p);
      tOverPHi[i] = w.shiftRight(64).longValue();
      tOverPLo[i] = w.longValue();
    }
    log2Q = bitLength(q);
    log2Delta = bitLength(delta);
  }

  /** Cheetah's preset: N = 4096, primes of 60 and 49 bits, t = 2^37. */
  public static RnsParams cheetah() {
    return RnsSpec.cheetah().validate();
  }

  private static double bitLength(BigInteger x) {
    int shift = Math.max(0, x.bitLength() - 60);
    return Math.log(x.shiftRight(shift).doubleValue()) / Math.log(2) + shift;
  }

  public RnsSpec spec() {
    return spec;
  }

  public int degree() {
    return n;
  }

  /** Number of RNS limbs L. */
  public int limbs() {
    return moduli.length;
  }

  public Modulus modulus(int limb) {
    return moduli[limb];
  }

  public Ntt ntt(int limb) {
    return ntts[limb];
  }

  /** T, with t = 2^T. */
  public int logT() {
    return spec.logT();
  }

  public long tMask() {
    return (1L << spec.logT()) - 1;
  }

  /** log2 q (exact value, not the sum of the nominal prime sizes). */
  public double log2Q() {
    return log2Q;
  }

  /** log2 Delta, Delta = floor(q / t). */
  public double log2Delta() {
    return log2Delta;
  }

  public BigInteger q() {
    return q;
  }

  /** Delta mod p_limb. */
  long deltaMod(int limb) {
    return deltaMod[limb];
  }

  long deltaModShoup(int limb) {
    return deltaModShoup[limb];
  }

  long qHatInv(int limb) {
    return qHatInv[limb];
  }

  long qHatInvShoup(int limb) {
    return qHatInvShoup[limb];
  }

  long tOverPHi(int limb) {
    return tOverPHi[limb];
  }

  long tOverPLo(int limb) {
    return tOverPLo[limb];
  }

  public boolean insecure() {
    return spec.insecure();
  }

  /**
   * The parameters of the first {@code limbs} primes of this modulus (same N and t): where a
   * ciphertext lands after {@link RnsModulusSwitch} drops the last primes.
   */
  public RnsParams prefix(int limbs) {
    if (limbs < 1 || limbs > limbs()) {
      throw new IllegalArgumentException("prefix of " + limbs + " limbs of " + this);
    }
    RnsParams p = spec.withPrimeBits(spec.primeBits().subList(0, limbs)).validate();
    for (int l = 0; l < limbs; l++) {
      if (p.modulus(l).value() != moduli[l].value()) { // the prime search is deterministic
        throw new IllegalStateException("prefix primes differ from " + this);
      }
    }
    return p;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("rns-BFV[N=" + n + ", q=");
    for (int i = 0; i < moduli.length; i++) {
      b.append(i > 0 ? "*" : "").append(moduli[i].value());
    }
    return b.append(" (").append(String.format("%.1f", log2Q)).append(" bits), t=2^").append(logT())
        .append(insecure() ? ", INSECURE" : "").append("]").toString();
  }
}
