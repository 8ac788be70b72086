package jaguar.protocol;

import jaguar.he.ParameterException;
import java.util.Locale;

/** The two secure inference protocols. */
public enum Protocol {
  /** Jaguar: power-of-two BFV (N = 2048, q = 2^54), truncation under HE. */
  JAGUAR("jaguar"),
  /** Cheetah as OpenCheetah runs it: RNS BFV (N = 4096), truncation as a two-party protocol. */
  CHEETAH("cheetah");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses jaguar|cheetah.
   *
   * @throws ParameterException naming the value and the valid ones
   */
  public static Protocol parse(String s) {
    for (Protocol v : values()) {
      if (v.label.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw ParameterException.of("protocol", s, "jaguar, cheetah");
  }
}
