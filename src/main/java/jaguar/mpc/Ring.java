package jaguar.mpc;

/**
 * Z_{2^l} for 1 <= l <= 64 as the low l bits of a long. Values are read as two's complement in
 * [-2^(l-1), 2^(l-1)) when a protocol says "signed".
 */
public final class Ring {
  private Ring() {}

  /** 2^bits - 1 (all ones for 64). */
  public static long mask(int bits) {
    return bits == 64 ? -1L : (1L << bits) - 1;
  }

  /** The signed value of {@code v mod 2^bits}, in [-2^(bits-1), 2^(bits-1)). */
  public static long signed(long v, int bits) {
    int s = 64 - bits;
    return (v << s) >> s;
  }

  /** {@code v mod 2^bits} in [0, 2^bits). */
  public static long reduce(long v, int bits) {
    return v & mask(bits);
  }

  /** The most significant bit of {@code v mod 2^bits}. */
  static int msb(long v, int bits) {
    return (int) ((v >>> (bits - 1)) & 1);
  }

  /**
   * @throws IllegalArgumentException naming {@code what} unless 1 <= bits <= 64
   */
  static void checkBits(String what, int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException(what + " must be in [1, 64] bits, got " + bits);
    }
  }
}
