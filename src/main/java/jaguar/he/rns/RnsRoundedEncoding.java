package jaguar.he.rns;

import java.math.BigInteger;

/**
 * The rounded BFV encoding Rhombus forms by hand: m in [0, t) is placed as round(q * m / t) mod q
 * instead of {@link RnsEncryptor}'s floor(q/t) * m. With q = floor(q/t) * t + r this is floor(q/t)
 * * m + round(r * m / t), computed per prime without big integers (r * m in 128 bits).
 *
 * <p>Why it matters: a ciphertext-times-plaintext product by an integer polynomial w multiplies
 * the encoding error as well. With round(q m / t) the error is at most 1/2 per coefficient, so
 * the product adds at most |w|_1 / 2 and the message becomes w*m mod t; with floor(q/t) * m the
 * error is r*m/t, and the product adds r * floor(w*m / t). r = q mod t depends on the primes
 * (about 2^32 for the 50 + 50-bit primes at N = 8192 and t = 2^37), and with dense weights of
 * full size (|w| near t/2) that term exceeds q/(2t) there. {@link RnsDecryptor} decodes either
 * encoding. Thread-safe.
 */
public final class RnsRoundedEncoding {
  private final RnsParams params;
  private final long r; // q mod t
  private final int logT;

  public RnsRoundedEncoding(RnsParams params) {
    if (params.logT() > 62) {
      throw new IllegalArgumentException("t = 2^" + params.logT() + " too large for " + params);
    }
    this.params = params;
    this.logT = params.logT();
    this.r = params.q().mod(BigInteger.ONE.shiftLeft(logT)).longValueExact();
  }

  public RnsParams params() {
    return params;
  }

  /** round(r * m / t) for m in [0, t) (r = q mod t): an integer in [0, t]. */
  long roundedRemainder(long m) {
    long lo = r * m;
    long hi = Math.multiplyHigh(r, m); // r, m < 2^62: no sign issues
    long half = 1L << (logT - 1);
    long sum = lo + half;
    if (Long.compareUnsigned(sum, lo) < 0) {
      hi++;
    }
    return (hi << (64 - logT)) | (sum >>> logT); // logT in [1, 62]
  }

  /**
   * c0[l] += round(q * m / t) mod p_l for every limb l < c0.length; m taken mod t, c0 values in
   * [0, p_l) before and after.
   */
  public void addInto(long[] m, long[][] c0) {
    long mask = params.tMask();
    for (int l = 0; l < c0.length; l++) {
      var mod = params.modulus(l);
      long delta = params.deltaMod(l);
      long deltaShoup = params.deltaModShoup(l);
      long[] c = c0[l];
      for (int i = 0; i < c.length; i++) {
        long v = m[i] & mask;
        long enc = mod.add(mod.mulShoup(v, delta, deltaShoup), mod.reduce(roundedRemainder(v)));
        c[i] = mod.add(c[i], enc);
      }
    }
  }

  /**
   * c0[l][i] -= round(q * v / t) mod p_l for every limb l < c0.length (v taken mod t): the phase at
   * coefficient i then decodes to its message minus v mod t, with at most 1/2 of added error.
   */
  public void subtractAt(long[][] c0, int i, long v) {
    long x = v & params.tMask();
    long rem = roundedRemainder(x);
    for (int l = 0; l < c0.length; l++) {
      var mod = params.modulus(l);
      long enc = mod.add(mod.mulShoup(x, params.deltaMod(l), params.deltaModShoup(l)), mod.reduce(rem));
      c0[l][i] = mod.sub(c0[l][i], enc);
    }
  }

  /**
   * A symmetric encryption of m with the rounded encoding: enc's encryption of zero (phase e, a
   * fresh Gaussian) plus round(q m / t) in c0. enc must be for the same parameters.
   */
  public RnsCiphertext encrypt(RnsEncryptor enc, long[] m) {
    if (m.length != params.degree()) {
      throw new IllegalArgumentException("message length " + m.length + " != N=" + params.degree());
    }
    RnsCiphertext ct = enc.encrypt(new long[params.degree()]);
    if (ct.limbs() != params.limbs()) {
      throw new IllegalArgumentException("encryptor of " + ct.limbs() + " limbs for " + params);
    }
    addInto(m, ct.c0());
    return ct;
  }
}
