package jaguar.conv;

import java.util.Locale;

/** The three homomorphic convolution kernels the project compares. */
public enum ConvProtocol {
  /** SPA-Conv over Z_{2^54}, N = 2048: scalar times negacyclic shift, no NTT. */
  JAGUAR("jaguar"),
  /**
   * Cheetah's HomConv as OpenCheetah runs it: each (input ciphertext, filter) product is a
   * normal-form plaintext multiplication with its NTTs inside (monomial fast path for filters
   * with one nonzero coefficient).
   */
  CHEETAH("cheetah"),
  /**
   * The strongest honest version of the same algorithm: filters pre-transformed, one forward NTT
   * per input ciphertext, products accumulated in NTT form, one inverse NTT per output ciphertext.
   */
  CHEETAH_NTT("cheetah-ntt");

  private final String label;

  ConvProtocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses jaguar|cheetah|cheetah-ntt. */
  public static ConvProtocol parse(String s) {
    for (ConvProtocol p : values()) {
      if (p.label.equals(s.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new ConvOptionException("protocol", s, "jaguar, cheetah, cheetah-ntt");
  }
}
