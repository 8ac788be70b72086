package jaguar.nn;

import java.util.Locale;

/**
 * The fixed-point arithmetic one secure protocol computes: its ring, its fractional bits and its
 * truncation. See {@link FixedPointInference} for the exact semantics.
 *
 * @param protocol which protocol's order of operations
 * @param ringBits Jaguar: T, the plaintext modulus 2^T of linear layers (shares after truncation
 *     live in Z_{2^(T-f)}); Cheetah: ell, the one ring Z_{2^ell} of everything
 * @param fracBits f, the fractional bits of every value between layers (scale 2^f)
 * @param truncation Jaguar only: {@code EXACT} (floor, the paper's claim, leaks low bits) or {@code
 *     PRIVATE} (floor or one less); Cheetah always truncates with a possible 1-LSB error
 */
public record FixedPointSpec(Protocol protocol, int ringBits, int fracBits, Truncation truncation) {
  /** The secure protocols whose arithmetic the engine reproduces. */
  public enum Protocol {
    JAGUAR,
    CHEETAH
  }

  /** Jaguar's ciphertext-side truncation modes (spec section 6, item 2). */
  public enum Truncation {
    /** floor(m / 2^f) exactly. */
    EXACT,
    /** floor(m / 2^f) or one less (a borrow from the full-range mask). */
    PRIVATE,
    /** Cheetah's truncation: floor or one less (local shift of shares). */
    ONE_LSB
  }

  public FixedPointSpec {
    if (fracBits < 1 || ringBits > 62 || ringBits - fracBits < 5) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "fixed point %s: ring bits %d, fractional bits %d; valid: 1 <= f, ring bits <= 62 and ring bits - f >= 5",
          protocol, ringBits, fracBits));
    }
    if (protocol == Protocol.CHEETAH && truncation != Truncation.ONE_LSB) {
      throw new IllegalArgumentException("Cheetah truncates with a possible 1-LSB error; truncation must be ONE_LSB");
    }
    if (protocol == Protocol.JAGUAR && truncation == Truncation.ONE_LSB) {
      throw new IllegalArgumentException("Jaguar truncation must be EXACT or PRIVATE");
    }
  }

  public static FixedPointSpec jaguar(int t, int f, Truncation truncation) {
    return new FixedPointSpec(Protocol.JAGUAR, t, f, truncation);
  }

  public static FixedPointSpec cheetah(int ell, int f) {
    return new FixedPointSpec(Protocol.CHEETAH, ell, f, Truncation.ONE_LSB);
  }

  /** Ring bits of a layer's output after truncation: T - f for Jaguar, ell for Cheetah. */
  public int outputBits() {
    return protocol == Protocol.JAGUAR ? ringBits - fracBits : ringBits;
  }

  /** Whether truncations may come out one less (so a {@link TruncationErrors} model applies). */
  public boolean hasTruncationErrors() {
    return truncation != Truncation.EXACT;
  }

  /** A short label such as {@code jaguar-private T=32 f=12} or {@code cheetah ell=37 f=12}. */
  public String label() {
    return protocol == Protocol.JAGUAR
        ? String.format(Locale.ROOT, "jaguar-%s T=%d f=%d", truncation.name().toLowerCase(Locale.ROOT), ringBits, fracBits)
        : String.format(Locale.ROOT, "cheetah ell=%d f=%d", ringBits, fracBits);
  }
}
