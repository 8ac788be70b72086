package jaguar.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Dense encodings for messages: {@code n} values of {@code bits} bits each as a little-endian bit
 * stream of ceil(n * bits / 8) bytes, and bits stored one per byte (0 or 1) packed eight to a byte.
 */
public final class BitPacking {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private BitPacking() {}

  /** Bytes of {@code n} packed values of {@code bits} bits. */
  public static int packedBytes(int n, int bits) {
    checkBits(bits);
    long b = ((long) n * bits + 7) >>> 3;
    if (b > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(n + " values of " + bits + " bits do not fit one message");
    }
    return (int) b;
  }

  /**
   * Packs the low {@code bits} bits of {@code values[offset, offset+n)} (higher bits are ignored).
   *
   * @param bits 1 to 64
   */
  public static byte[] pack(long[] values, int offset, int n, int bits) {
    int bytes = packedBytes(n, bits);
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    long[] words = new long[(bytes + 7) >>> 3];
    long p = 0;
    for (int i = 0; i < n; i++, p += bits) {
      long v = values[offset + i] & mask;
      int w = (int) (p >>> 6);
      int s = (int) (p & 63);
      words[w] |= v << s;
      if (s + bits > 64) {
        words[w + 1] |= v >>> (64 - s);
      }
    }
    return toBytes(words, bytes);
  }

  /** Unpacks {@code n} values of {@code bits} bits from {@code packed} into {@code out[offset...]}. */
  public static void unpack(byte[] packed, int n, int bits, long[] out, int offset) {
    int bytes = packedBytes(n, bits);
    if (packed.length < bytes) {
      throw new IllegalArgumentException("packed data too short: " + packed.length + " < " + bytes);
    }
    long[] words = toWords(packed, bytes);
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    long p = 0;
    for (int i = 0; i < n; i++, p += bits) {
      int w = (int) (p >>> 6);
      int s = (int) (p & 63);
      long v = words[w] >>> s;
      if (s + bits > 64) {
        v |= words[w + 1] << (64 - s);
      }
      out[offset + i] = v & mask;
    }
  }

  /** Packs bytes 0/1 (only the lowest bit of each byte is used) eight to a byte. */
  public static byte[] packBits(byte[] bits, int offset, int n) {
    byte[] out = new byte[(n + 7) >>> 3];
    for (int i = 0; i < n; i++) {
      out[i >>> 3] |= (byte) ((bits[offset + i] & 1) << (i & 7));
    }
    return out;
  }

  /** Unpacks {@code n} bits into bytes 0/1. */
  public static void unpackBits(byte[] packed, int n, byte[] out, int offset) {
    for (int i = 0; i < n; i++) {
      out[offset + i] = (byte) ((packed[i >>> 3] >>> (i & 7)) & 1);
    }
  }

  private static byte[] toBytes(long[] words, int bytes) {
    byte[] out = new byte[bytes];
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      LONGS.set(out, w << 3, words[w]);
    }
    for (int b = full << 3; b < bytes; b++) {
      out[b] = (byte) (words[b >>> 3] >>> ((b & 7) << 3));
    }
    return out;
  }

  private static long[] toWords(byte[] packed, int bytes) {
    long[] words = new long[((bytes + 7) >>> 3) + 1];
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      words[w] = (long) LONGS.get(packed, w << 3);
    }
    for (int b = full << 3; b < bytes; b++) {
      words[b >>> 3] |= (packed[b] & 0xffL) << ((b & 7) << 3);
    }
    return words;
  }

  private static void checkBits(int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("bits per value must be in [1, 64], got " + bits);
    }
  }
}
