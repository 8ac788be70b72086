package jaguar.mpc.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ferret's local linear code over F_2^128: output i gets the xor of {@link #D} base blocks at
 * public pseudorandom positions, {@code out[i] ^= base[idx(i, 0)] ^ ... ^ base[idx(i, D-1)]}. The
 * positions come from AES-128 in counter mode under a public seed (sent by the COT sender with each
 * iteration): 32 bits per position, mapped to [0, k) by a multiply-shift ({@code (r k) >>> 32},
 * bias below k / 2^32). Both parties apply the same code to their blocks, so xor-correlations
 * with Delta survive: out_sender xor out_receiver = (e + A c) Delta.
 *
 * <p>The inner loop is {@value #D} random reads from a k-block array per output (k = 589,760
 * blocks, 9 MiB, for the 128-bit set): it and the GGM expansion are Ferret's cost. Not
 * thread-safe; scratch buffers are kept.
 */
final class LpnEncoder {
  /** Base positions mixed into each output. */
  static final int D = 10;

  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int CHUNK = 1024;

  private final byte[] zeros = new byte[4 * D * CHUNK];
  private final byte[] stream = new byte[4 * D * CHUNK];
  private final int[] positions = new int[D * CHUNK];

  /**
   * For i in [0, n): block {@code outOffset + i} of {@code out} ^= the xor of the code's D blocks
   * among {@code base} blocks [baseOffset, baseOffset + k).
   */
  void encode(long seedLo, long seedHi, long[] base, int baseOffset, int k, long[] out, int outOffset, int n) {
    Cipher ctr = counterMode(seedLo, seedHi);
    long kk = k & 0xffffffffL;
    int b0 = 2 * baseOffset;
    for (int start = 0; start < n; start += CHUNK) {
      int m = Math.min(CHUNK, n - start);
      try {
        int got = ctr.update(zeros, 0, 4 * D * m, stream, 0);
        if (got != 4 * D * m) {
          throw new IllegalStateException("AES/CTR returned " + got + " bytes");
        }
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      // positions first (as long offsets into base), then the gathers, two outputs at a time so
      // that twice as many independent loads are in flight
      byte[] s = stream;
      int[] at = positions;
      for (int p = 0; p < D * m; p++) {
        long r = (int) INTS.get(s, 4 * p) & 0xffffffffL;
        at[p] = b0 + 2 * (int) ((r * kk) >>> 32);
      }
      int i = 0;
      for (; i + 1 < m; i += 2) {
        int o = 2 * (outOffset + start + i);
        long lo0 = out[o];
        long hi0 = out[o + 1];
        long lo1 = out[o + 2];
        long hi1 = out[o + 3];
        int w = D * i;
        for (int j = 0; j < D; j++) {
          int x = at[w + j];
          int y = at[w + D + j];
          lo0 ^= base[x];
          hi0 ^= base[x + 1];
          lo1 ^= base[y];
          hi1 ^= base[y + 1];
        }
        out[o] = lo0;
        out[o + 1] = hi0;
        out[o + 2] = lo1;
        out[o + 3] = hi1;
      }
      for (; i < m; i++) {
        int o = 2 * (outOffset + start + i);
        long lo = out[o];
        long hi = out[o + 1];
        for (int j = 0; j < D; j++) {
          int x = at[D * i + j];
          lo ^= base[x];
          hi ^= base[x + 1];
        }
        out[o] = lo;
        out[o + 1] = hi;
      }
    }
  }

  private static Cipher counterMode(long seedLo, long seedHi) {
    byte[] key = new byte[16];
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (seedLo >>> (8 * i));
      key[8 + i] = (byte) (seedHi >>> (8 * i));
    }
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR is not available in this JDK", e);
    }
  }
}
