package jaguar.share;

import java.util.Locale;

/**
 * How Jaguar's server masks the exported values, and so what the client can see (spec section 6,
 * item 2). Both truncate by f bits under HE with no communication.
 */
public enum TruncationMode {
  /**
   * The default. The server subtracts a uniform R in [0, q) from each exported phase (a mask over
   * the whole phase, not only over the message) and keeps floor(R / 2^(Q-T+f)) as its share: the
   * shares sum to floor(m / 2^f) or one less (a borrow, with probability about 1 - (m mod 2^f +
   * 1/2) / 2^f), never anything else. The client's view is uniform: it learns neither the low bits
   * of m nor the noise.
   */
  PRIVATE("private"),
  /**
   * The paper's claim: truncate first, then mask at the target precision (r' uniform in
   * Z_{2^(T-f)}): the shares sum to exactly floor(m / 2^f) mod 2^(T-f). LEAKS to the client the f
   * low bits of every output (for a first layer, linear equations in the weights mod 2^f) and the
   * decrypted noise, a linear function of the weights.
   */
  EXACT("exact");

  private final String label;

  TruncationMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses private|exact.
   *
   * @throws IllegalArgumentException naming the value and the valid ones
   */
  public static TruncationMode parse(String s) {
    for (TruncationMode m : values()) {
      if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("truncation: value " + s + " is not valid; valid: private, exact");
  }
}
