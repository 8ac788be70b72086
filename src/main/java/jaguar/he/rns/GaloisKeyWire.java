package jaguar.he.rns;

import jaguar.he.PackedBits;
import jaguar.he.WireFormatException;
import jaguar.math.Prg;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a set of Galois keys on the wire, seeded: for each element of an agreed set (in
 * increasing order, no header: both parties derive the set from the public plans), for each digit
 * j, b_j mod every prime of Q*P packed at the prime's bit size (NTT and Montgomery form, as held),
 * then the 16-byte seed of a_j. The receiver re-expands every a_j from its seed. A length that
 * does not match the set, or a value not below its prime, is a {@link WireFormatException}.
 */
public final class GaloisKeyWire {
  private final RnsKeySwitch ctx;
  private final int[] elements;

  /** The wire of keys for exactly these Galois elements (deduplicated and sorted here). */
  public GaloisKeyWire(RnsKeySwitch ctx, int[] elements) {
    this.ctx = ctx;
    this.elements = Arrays.stream(elements).distinct().sorted().toArray();
    for (int k : this.elements) {
      Galois.check(k, ctx.params().degree());
    }
  }

  /** The elements, sorted. */
  public int[] elements() {
    return elements.clone();
  }

  private int keyBytes() {
    int n = ctx.params().degree();
    int perDigit = Prg.SEED_BYTES;
    for (int i = 0; i < ctx.primes(); i++) {
      perDigit += PackedBits.bytes(n, ctx.modulus(i).bits());
    }
    return Math.multiplyExact(perDigit, ctx.params().limbs());
  }

  /** Bytes of the whole set. */
  public int bytes() {
    return Math.multiplyExact(keyBytes(), elements.length);
  }

  /**
   * The keys of the set, serialized.
   *
   * @throws IllegalArgumentException if keys lacks an element of the set
   */
  public byte[] write(GaloisKeys keys) {
    byte[] out = new byte[bytes()];
    int o = 0;
    for (int k : elements) {
      RnsSwitchKey key = keys.key(k);
      for (int j = 0; j < key.digits(); j++) {
        for (int i = 0; i < ctx.primes(); i++) {
          o = PackedBits.pack(key.b(j, i), ctx.modulus(i).bits(), out, o);
        }
        System.arraycopy(key.seed(j), 0, out, o, Prg.SEED_BYTES);
        o += Prg.SEED_BYTES;
      }
    }
    return out;
  }

  /** @throws WireFormatException on a wrong length or a coefficient not below its prime */
  public GaloisKeys read(byte[] in) {
    if (in.length != bytes()) {
      throw new WireFormatException("galois keys: expected " + bytes() + " bytes for " + elements.length
          + " elements at " + ctx.params() + ", got " + in.length);
    }
    int n = ctx.params().degree();
    int digits = ctx.params().limbs();
    Map<Integer, RnsSwitchKey> keys = new TreeMap<>();
    int o = 0;
    for (int k : elements) {
      long[][][] b = new long[digits][ctx.primes()][n];
      byte[][] seeds = new byte[digits][Prg.SEED_BYTES];
      for (int j = 0; j < digits; j++) {
        for (int i = 0; i < ctx.primes(); i++) {
          o = PackedBits.unpack(in, o, ctx.modulus(i).bits(), b[j][i]);
          long p = ctx.modulus(i).value();
          for (int c = 0; c < n; c++) {
            if (b[j][i][c] >= p) {
              throw new WireFormatException("galois keys: element " + k + " digit " + j + " prime " + i
                  + " coefficient " + c + " is " + b[j][i][c] + ", not below " + p);
            }
          }
        }
        System.arraycopy(in, o, seeds[j], 0, Prg.SEED_BYTES);
        o += Prg.SEED_BYTES;
      }
      keys.put(k, RnsSwitchKey.fromParts(ctx, b, seeds));
    }
    return GaloisKeys.of(ctx, keys);
  }
}
