package jaguar.conv;

import java.util.Locale;

/** The homomorphic convolution kernels the project compares. */
public enum ConvProtocol {
  /**
   * SPA-Conv over Z_{2^54}, N = 2048 (the paper's kernel): scalar times negacyclic shift, no NTT;
   * c1 in full, c0 at the exported coefficients only.
   */
  JAGUAR("jaguar"),
  /**
   * Jaguar's NTT path: the same ring and the same outputs as SPA-Conv, bit for bit, computed as
   * exact integer products through the CRT over two 60-bit NTT primes (filters transformed once,
   * one forward NTT per input ciphertext, accumulation in NTT form, one inverse per output).
   */
  JAGUAR_NTT("jaguar-ntt"),
  /**
   * Jaguar with a kernel chosen per layer ({@link JaguarPlanner}): SPA-Conv or the NTT path,
   * whichever the cost model calibrated on this machine predicts faster, on the layer's direct or
   * (strided layers) {@link Polyphase} form. Same outputs as both.
   */
  JAGUAR_HYBRID("jaguar-hybrid"),
  /**
   * Cheetah's HomConv as OpenCheetah runs it: each (input ciphertext, filter) product is a
   * normal-form plaintext multiplication with its NTTs inside (monomial fast path for filters
   * with one nonzero coefficient).
   */
  CHEETAH("cheetah"),
  /**
   * The strongest honest version of the same algorithm: filters pre-transformed, one forward NTT
   * per input ciphertext, products accumulated in NTT form, one inverse NTT per output ciphertext;
   * a strided layer runs in its direct or {@link Polyphase} form, whichever its op counts make
   * cheaper ({@code cheetah} stays direct, as OpenCheetah runs it).
   */
  CHEETAH_NTT("cheetah-ntt");

  private final String label;

  ConvProtocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether the protocol runs Jaguar's power-of-two BFV (N = 2048, q = 2^54). */
  public boolean powerOfTwo() {
    return this == JAGUAR || this == JAGUAR_NTT || this == JAGUAR_HYBRID;
  }

  /** Parses jaguar|jaguar-ntt|jaguar-hybrid|cheetah|cheetah-ntt. */
  public static ConvProtocol parse(String s) {
    for (ConvProtocol p : values()) {
      if (p.label.equals(s.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ConvOptionException("protocol", s, "jaguar, jaguar-ntt, jaguar-hybrid, cheetah, cheetah-ntt");
  }
}
