package jaguar.mpc;

/**
 * The cleartext functions the protocols compute, on values of Z_{2^l} read as signed: the
 * reference every protocol is checked against.
 */
public final class Cleartext {
  private Cleartext() {}

  /** [x >= 0]. */
  public static long drelu(long x, int bits) {
    return Ring.signed(x, bits) >= 0 ? 1 : 0;
  }

  /** max(x, 0) mod 2^bits. */
  public static long relu(long x, int bits) {
    return Math.max(Ring.signed(x, bits), 0) & Ring.mask(bits);
  }

  /** min(max(x, 0), 6 * 2^scaleBits) mod 2^bits. */
  public static long relu6(long x, int bits, int scaleBits) {
    return Math.min(Math.max(Ring.signed(x, bits), 0), 6L << scaleBits) & Ring.mask(bits);
  }

  /** floor(x / 2^shift) (arithmetic shift) mod 2^bits. */
  public static long truncate(long x, int bits, int shift) {
    return (Ring.signed(x, bits) >> shift) & Ring.mask(bits);
  }

  /** The value of x mod 2^fromBits (non-negative) in Z_{2^toBits}, sign-extended. */
  public static long extend(long x, int fromBits, int toBits) {
    return Ring.signed(x, fromBits) & Ring.mask(toBits);
  }

  /** max(x, 0) of signed x in Z_{2^fromBits}, in Z_{2^toBits}. */
  public static long reluExtend(long x, int fromBits, int toBits) {
    return Math.max(Ring.signed(x, fromBits), 0) & Ring.mask(toBits);
  }

  /** The signed maximum of {@code x[offset .. offset+window)}, mod 2^bits. */
  public static long max(long[] x, int offset, int window, int bits) {
    long m = Long.MIN_VALUE;
    for (int i = 0; i < window; i++) {
      m = Math.max(m, Ring.signed(x[offset + i], bits));
    }
    return m & Ring.mask(bits);
  }

  /** The index of the first largest signed value of {@code x[offset .. offset+window)}. */
  public static long argmax(long[] x, int offset, int window, int bits) {
    int best = 0;
    for (int i = 1; i < window; i++) {
      if (Ring.signed(x[offset + i], bits) > Ring.signed(x[offset + best], bits)) {
        best = i;
      }
    }
    return best;
  }

  /** min(max(x, 0), 6 * 2^scaleBits) of signed x in Z_{2^fromBits}, in Z_{2^toBits}. */
  public static long relu6Extend(long x, int fromBits, int toBits, int scaleBits) {
    return Math.min(Math.max(Ring.signed(x, fromBits), 0), 6L << scaleBits) & Ring.mask(toBits);
  }
}
