package jaguar.share;

import jaguar.he.SecretKey;
import jaguar.math.ModPoly;
import jaguar.math.Modulus;
import jaguar.math.Ntt;
import jaguar.math.Primes;

/**
 * The client's product c1 * s in Z_{2^w}[X]/(X^N + 1) through one NTT modulo an auxiliary 60-bit
 * prime p = 1 mod 2N (1152921504606830593 = 2^60 - 2^14 + 1 at N = 2048): the power-of-two ring has
 * no NTT, but the integer product of a centred c1 by the ternary s is small enough to be recovered
 * from its residue mod p.
 *
 * <p><b>Why it is exact.</b> Lift c1 to centred integers x_j in [-2^(w-1), 2^(w-1)). Coefficient i
 * of the negacyclic product is sum_j +-x_j s_(i-j), of absolute value at most max|x| * |s|_1. When
 * that is at most (p - 1)/2, the residue mod p, lifted to (-p/2, p/2), is the integer itself, and
 * reducing it mod 2^w gives the product mod 2^w. With |s|_1 <= N = 2048 this holds for w <= 49
 * ({@link #limbBits()}): after the export drops the low bits of c1 (43 bits are left at Jaguar's
 * defaults) one transform suffices. A wider c1 (the full 54 bits) is split into centred limbs of
 * at most limbBits() bits, each multiplied exactly, then recombined mod 2^w. The bound is checked
 * on the actual limbs of every product, not only argued.
 *
 * <p>Immutable and thread-safe; each call allocates O(N) scratch.
 */
public final class AuxNttMultiplier {
  private final int n;
  private final Modulus modulus;
  private final Ntt ntt;
  private final long[] secretHat; // NTT(s) in Montgomery form
  private final long secretWeight;
  private final long maxLimbAbs; // floor(((p - 1) / 2) / |s|_1)
  private final int limbBits;

  /** Prepares the client's secret key (its transform mod the auxiliary prime). */
  public AuxNttMultiplier(SecretKey key) {
    this.n = key.degree();
    this.modulus = new Modulus(Primes.nttPrime(Modulus.MAX_BITS, n));
    this.ntt = Ntt.of(n, modulus);
    long[] s = key.coefficients();
    long weight = 0;
    secretHat = new long[n];
    for (int i = 0; i < n; i++) {
      weight += Math.abs(s[i]);
      secretHat[i] = modulus.toMontgomery(modulus.reduceSigned(s[i]));
    }
    ntt.forward(secretHat);
    this.secretWeight = weight;
    long halfP = (modulus.value() - 1) / 2;
    this.maxLimbAbs = weight == 0 ? halfP : halfP / weight;
    // the widest k with 2^(k-1) <= maxLimbAbs
    this.limbBits = 64 - Long.numberOfLeadingZeros(maxLimbAbs);
  }

  /** The auxiliary prime p. */
  public long prime() {
    return modulus.value();
  }

  /** |s|_1, the secret's number of nonzero coefficients. */
  public long secretWeight() {
    return secretWeight;
  }

  /** The widest w for which one transform is exact: |s|_1 * 2^(w-1) <= (p - 1)/2. */
  public int limbBits() {
    return limbBits;
  }

  /** Transforms one product of a w-bit operand needs: 1 if w <= limbBits(), else more limbs. */
  public int limbs(int width) {
    return width <= limbBits ? 1 : (width + limbBits - 1) / limbBits;
  }

  /**
   * out = d * s mod 2^width, negacyclic. d's values are read mod 2^width; out gets values in [0,
   * 2^width); out may be d.
   *
   * @param width in [1, 64]
   */
  public void multiplyInto(long[] d, int width, long[] out) {
    if (width < 1 || width > 64) {
      throw new IllegalArgumentException("width must be in [1, 64]: " + width);
    }
    if (d.length != n || out.length != n) {
      throw new IllegalArgumentException("polynomial length must be N=" + n);
    }
    int unused = 64 - width;
    long[] rest = new long[n];
    for (int i = 0; i < n; i++) {
      rest[i] = (d[i] << unused) >> unused; // centred in [-2^(w-1), 2^(w-1))
    }
    int limbs = limbs(width);
    int k = limbs == 1 ? width : limbBits;
    long[] acc = new long[n];
    long[] limb = new long[n];
    for (int j = 0; j < limbs; j++) {
      boolean last = j == limbs - 1;
      long maxAbs = 0;
      for (int i = 0; i < n; i++) {
        long lo;
        if (last) {
          lo = rest[i];
        } else { // centred low k bits; what remains is exact after the shift
          lo = (rest[i] << (64 - k)) >> (64 - k);
          rest[i] = (rest[i] - lo) >> k;
        }
        limb[i] = lo;
        maxAbs = Math.max(maxAbs, Math.abs(lo));
      }
      if (maxAbs > maxLimbAbs) { // unreachable by the argument in the class comment
        throw new IllegalStateException(
            "limb " + j + " of a " + width + "-bit product has |x| = " + maxAbs + " > " + maxLimbAbs
                + ": the residue mod p would not determine the integer product");
      }
      multiplyExact(limb);
      int shift = j * k;
      for (int i = 0; i < n; i++) {
        acc[i] += limb[i] << shift;
      }
    }
    long mask = width == 64 ? -1L : (1L << width) - 1;
    for (int i = 0; i < n; i++) {
      out[i] = acc[i] & mask;
    }
  }

  /** x = x * s as integers, for |x_j| * |s|_1 <= (p - 1)/2 (x signed in, signed out). */
  private void multiplyExact(long[] x) {
    long p = modulus.value();
    long halfP = (p - 1) / 2;
    ModPoly.reduceSignedInto(x, x, modulus);
    ntt.forwardLazy(x);
    ModPoly.montgomeryMultiplyInto(x, secretHat, x, modulus);
    ntt.inverse(x);
    for (int i = 0; i < n; i++) {
      x[i] = x[i] > halfP ? x[i] - p : x[i];
    }
  }
}
