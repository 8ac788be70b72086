package jaguar.protocol;

import jaguar.he.ParameterException;
import java.util.Locale;

/** The classifier's engine. */
public enum FcBackend {
  /** Cheetah's HomFC over RNS BFV (both protocols, as the paper runs it; Jaguar then truncates with a two-party protocol). */
  CHEETAH("cheetah"),
  /** Jaguar's native FC: the product in Z_{2^54} by the exact CRT-NTT product, truncated under HE. */
  NATIVE("native");

  private final String label;

  FcBackend(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses cheetah|native.
   *
   * @throws ParameterException naming the value and the valid ones
   */
  public static FcBackend parse(String s) {
    for (FcBackend v : values()) {
      if (v.label.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw ParameterException.of("fcBackend", s, "cheetah, native");
  }
}
