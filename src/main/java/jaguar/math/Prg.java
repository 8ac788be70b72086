package jaguar.math;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The project's one source of randomness: AES-128 in counter mode over a 16-byte seed (the JDK's
 * AES uses the CPU's AES instructions). Seeded explicitly in tests ({@link #insecureSeeded(long)}, {@link
 * #fromSeed(byte[])}) so every run is reproducible, and from {@link SecureRandom} otherwise ({@link
 * #secure()}). A seed can be sent instead of the stream it expands to (the uniform part of a
 * symmetric ciphertext is sent this way).
 *
 * <p>Not thread-safe: give each thread its own instance ({@link #fork()}).
 */
public final class Prg {
  /** Bytes of a seed. */
  public static final int SEED_BYTES = 16;

  private static final int BUFFER_BYTES = 8192;

  private final byte[] seed;
  private final Cipher cipher;
  private final byte[] counterBlock = new byte[16];
  private final byte[] zeros = new byte[BUFFER_BYTES];
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private int position = BUFFER_BYTES;

  private Prg(byte[] seed) {
    if (seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("PRG seed must be " + SEED_BYTES + " bytes, got " + seed.length);
    }
    this.seed = seed.clone();
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(this.seed, "AES"), new IvParameterSpec(counterBlock));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR is not available in this JDK", e);
    }
  }

  /** A PRG expanding {@code seed} (16 bytes). */
  public static Prg fromSeed(byte[] seed) {
    return new Prg(seed);
  }

  /**
   * A reproducible PRG for tests and explicitly seeded experiments. INSECURE: anyone who knows the
   * seed (a small public number) knows every value it gives; a real party's randomness comes from
   * {@link #secure()}.
   */
  public static Prg insecureSeeded(long seed) {
    byte[] s = new byte[SEED_BYTES];
    ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(0x4a61677561725052L);
    return new Prg(s);
  }

  /** A PRG seeded from {@link SecureRandom}: what every non-test run uses. */
  public static Prg secure() {
    byte[] s = new byte[SEED_BYTES];
    new SecureRandom().nextBytes(s);
    return new Prg(s);
  }

  /** A fresh 16-byte seed drawn from this PRG. */
  public byte[] nextSeed() {
    byte[] s = new byte[SEED_BYTES];
    nextBytes(s);
    return s;
  }

  /** An independent PRG seeded from this one (for another thread or another purpose). */
  public Prg fork() {
    return new Prg(nextSeed());
  }

  /** The seed this PRG was created from. */
  public byte[] seed() {
    return seed.clone();
  }

  private void refill() {
    try {
      int n = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
      if (n != BUFFER_BYTES) {
        throw new IllegalStateException("AES/CTR returned " + n + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    position = 0;
  }

  /** 64 uniform bits. */
  public long nextLong() {
    if (position > BUFFER_BYTES - 8) {
      refill();
    }
    long v = view.getLong(position);
    position += 8;
    return v;
  }

  /** 32 uniform bits. */
  public int nextInt() {
    if (position > BUFFER_BYTES - 4) {
      refill();
    }
    int v = view.getInt(position);
    position += 4;
    return v;
  }

  /** A uniform bit. */
  public boolean nextBit() {
    return (nextInt() & 1) != 0;
  }

  public void nextBytes(byte[] out) {
    nextBytes(out, 0, out.length);
  }

  public void nextBytes(byte[] out, int offset, int length) {
    while (length > 0) {
      if (position == BUFFER_BYTES) {
        refill();
      }
      int n = Math.min(length, BUFFER_BYTES - position);
      System.arraycopy(buffer, position, out, offset, n);
      position += n;
      offset += n;
      length -= n;
    }
  }

  /** Uniform in [0, bound), unbiased (rejection sampling); bound > 0. */
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    if ((bound & (bound - 1)) == 0) {
      return nextLong() & (bound - 1);
    }
    long limit = Long.remainderUnsigned(-1L, bound); // 2^64 mod bound
    // accept v when v < 2^64 - (2^64 mod bound), i.e. in a whole number of copies of [0, bound)
    while (true) {
      long v = nextLong();
      if (Long.compareUnsigned(v, -1L - limit) <= 0) {
        return Long.remainderUnsigned(v, bound);
      }
    }
  }

  /** Uniform in [0, bound), unbiased; bound > 0. */
  public int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /** Fills {@code out} with uniform values in [0, 2^bits) (1 <= bits <= 64). */
  public void fillBits(long[] out, int bits) {
    if (bits < 1 || bits > 64) {
      throw new IllegalArgumentException("bits must be in [1, 64]: " + bits);
    }
    long mask = bits == 64 ? -1L : (1L << bits) - 1;
    for (int i = 0; i < out.length; i++) {
      out[i] = nextLong() & mask;
    }
  }

  /** Fills {@code out} with uniform values in [0, modulus), unbiased. */
  public void fillUniform(long[] out, long modulus) {
    for (int i = 0; i < out.length; i++) {
      out[i] = nextLong(modulus);
    }
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  @Override
  public String toString() {
    return "Prg[seed=" + Arrays.hashCode(seed) + "]";
  }
}
