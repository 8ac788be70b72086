package jaguar.he;

/**
 * Fixed-width packing of coefficients into bytes, as a wire carries them: value i occupies bits
 * [i*w, (i+1)*w) of a little-endian bit stream; the last byte's unused high bits are zero.
 */
public final class PackedBits {
  private PackedBits() {}

  /** Bytes that n values of w bits occupy. */
  public static int bytes(int n, int w) {
    return (int) (((long) n * w + 7) / 8);
  }

  /**
   * Writes values (each in [0, 2^w), w in [1, 64]) at out[offset ...]; returns the offset after
   * them.
   */
  public static int pack(long[] values, int w, byte[] out, int offset) {
    long acc = 0; // pending bits, low first
    int pending = 0;
    int o = offset;
    for (long v : values) {
      // add w bits in at most two steps so pending never exceeds 64
      int take = Math.min(w, 64 - pending);
      acc |= (take == 64 ? v : v & ((1L << take) - 1)) << pending;
      pending += take;
      while (pending >= 8) {
        out[o++] = (byte) acc;
        acc >>>= 8;
        pending -= 8;
      }
      if (take < w) {
        long rest = v >>> take;
        acc |= rest << pending;
        pending += w - take;
        while (pending >= 8) {
          out[o++] = (byte) acc;
          acc >>>= 8;
          pending -= 8;
        }
      }
    }
    if (pending > 0) {
      out[o++] = (byte) acc;
    }
    return o;
  }

  /**
   * Reads out.length values of w bits from in[offset ...]; returns the offset after them.
   *
   * @throws WireFormatException if the unused bits of the last byte are not zero
   */
  public static int unpack(byte[] in, int offset, int w, long[] out) {
    long mask = w == 64 ? -1L : (1L << w) - 1;
    long acc = 0;
    int have = 0;
    int o = offset;
    for (int i = 0; i < out.length; i++) {
      long v;
      if (have >= w) {
        v = acc & mask;
        acc = w == 64 ? 0 : acc >>> w;
        have -= w;
      } else {
        v = acc;
        int got = have;
        while (got < w) {
          long b = in[o++] & 0xFFL;
          v |= b << got;
          int used = Math.min(8, w - got);
          if (used < 8) {
            acc = b >>> used;
            have = 8 - used;
          } else {
            acc = 0;
            have = 0;
          }
          got += used;
        }
        v &= mask;
      }
      out[i] = v;
    }
    if (acc != 0) {
      throw new WireFormatException("nonzero padding bits after the last " + w + "-bit value");
    }
    return o;
  }
}
