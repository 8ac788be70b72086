package jaguar.mpc.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
  private static final VectorSpecies<Long> BLOCK = LongVector.SPECIES_128;

  private final byte[] zeros = new byte[4 * D * CHUNK];
  private final byte[] stream = new byte[4 * D * CHUNK];
  private final int[] positions = new int[D * CHUNK];

  private Cipher ctr;

  /** Starts the code with public seed (seedLo, seedHi): the next {@link #encode} covers output 0. */
  void begin(long seedLo, long seedHi) {
    ctr = counterMode(seedLo, seedHi);
  }

  /**
   * The code's next {@code n} outputs (continuing where the last call since {@link #begin} ended):
   * for i in [0, n), block {@code outOffset + i} of {@code out} ^= the xor of the output's D blocks
   * among {@code base} blocks [baseOffset, baseOffset + k).
   */
  void encode(long[] base, int baseOffset, int k, long[] out, int outOffset, int n) {
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
      // positions first (as long offsets into base), then one 128-bit load per position: fewer
      // loads in flight per output lets more outputs' cache misses overlap
      byte[] s = stream;
      int[] at = positions;
      for (int p = 0; p < D * m; p++) {
        long r = (int) INTS.get(s, 4 * p) & 0xffffffffL;
        at[p] = b0 + 2 * (int) ((r * kk) >>> 32);
      }
      for (int i = 0; i < m; i++) {
        int o = 2 * (outOffset + start + i);
        int w = D * i;
        LongVector acc = LongVector.fromArray(BLOCK, out, o);
        for (int j = 0; j < D; j++) {
          acc = acc.lanewise(VectorOperators.XOR, LongVector.fromArray(BLOCK, base, at[w + j]));
        }
        acc.intoArray(out, o);
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
