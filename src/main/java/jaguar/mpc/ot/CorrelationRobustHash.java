package jaguar.mpc.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash that turns correlated OTs into random OTs: H(t, x) = pi(sigma(x) xor t) xor sigma(x),
 * where pi is AES-128 under a fixed public key, sigma(xL || xR) = (xL xor xR) || xL is a linear
 * orthomorphism and t a 128-bit tweak (the OT's index and a word number). This is the tweakable
 * circular-correlation-robust construction of Guo, Katz, Wang and Yu (S&P 2020) in the random
 * permutation model; one AES call per block, batched (the JDK's AES uses the CPU's AES
 * instructions).
 *
 * <p>Blocks are pairs of longs in a {@code long[]}: block {@code i} is {@code (x[2i], x[2i+1])} =
 * (low, high) 64 bits. Not thread-safe.
 */
public final class CorrelationRobustHash {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int BATCH = 2048;
  private static final byte[] FIXED_KEY = "jaguar.mpc.tccr1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Cipher aes;
  private final byte[] in = new byte[BATCH * 16];
  private final byte[] out = new byte[BATCH * 16];

  public CorrelationRobustHash() {
    try {
      aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(FIXED_KEY, 16), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB is not available in this JDK", e);
    }
  }

  /**
   * For {@code i} in [0, n): {@code result[resultOffset + i]} = the low 64 bits of H((tweak0 + i,
   * tweakHigh), x_i xor delta), where x_i is block {@code blockOffset + i} of {@code blocks}.
   */
  public void hash64(
      long[] blocks, int blockOffset, int n, long deltaLo, long deltaHi, long tweak0, long tweakHigh,
      long[] result, int resultOffset) {
    for (int start = 0; start < n; start += BATCH) {
      int m = Math.min(BATCH, n - start);
      for (int i = 0; i < m; i++) {
        int b = 2 * (blockOffset + start + i);
        long lo = blocks[b] ^ deltaLo;
        long hi = blocks[b + 1] ^ deltaHi;
        // sigma: (low, high) = (hi, hi ^ lo)
        LONGS.set(in, 16 * i, hi ^ (tweak0 + start + i));
        LONGS.set(in, 16 * i + 8, (hi ^ lo) ^ tweakHigh);
      }
      encrypt(m);
      for (int i = 0; i < m; i++) {
        int b = 2 * (blockOffset + start + i);
        long hi = blocks[b + 1] ^ deltaHi;
        result[resultOffset + start + i] = (long) LONGS.get(out, 16 * i) ^ hi;
      }
    }
  }

  /**
   * For {@code i} in [0, n): block {@code resultOffset + i} of {@code result} (two longs) = the
   * full 128 bits of H((tweak0 + i, tweakHigh), x_i xor delta), x_i being block {@code blockOffset
   * + i} of {@code blocks}. {@code result} must not overlap the input blocks.
   */
  public void hash128(
      long[] blocks, int blockOffset, int n, long deltaLo, long deltaHi, long tweak0, long tweakHigh,
      long[] result, int resultOffset) {
    for (int start = 0; start < n; start += BATCH) {
      int m = Math.min(BATCH, n - start);
      for (int i = 0; i < m; i++) {
        int b = 2 * (blockOffset + start + i);
        long lo = blocks[b] ^ deltaLo;
        long hi = blocks[b + 1] ^ deltaHi;
        LONGS.set(in, 16 * i, hi ^ (tweak0 + start + i));
        LONGS.set(in, 16 * i + 8, (hi ^ lo) ^ tweakHigh);
      }
      encrypt(m);
      for (int i = 0; i < m; i++) {
        int b = 2 * (blockOffset + start + i);
        long lo = blocks[b] ^ deltaLo;
        long hi = blocks[b + 1] ^ deltaHi;
        int r = 2 * (resultOffset + start + i);
        result[r] = (long) LONGS.get(out, 16 * i) ^ hi;
        result[r + 1] = (long) LONGS.get(out, 16 * i + 8) ^ hi ^ lo;
      }
    }
  }

  private void encrypt(int blocks) {
    try {
      int n = aes.update(in, 0, blocks * 16, out, 0);
      if (n != blocks * 16) {
        throw new IllegalStateException("AES/ECB returned " + n + " bytes for " + blocks + " blocks");
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
