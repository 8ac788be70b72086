package jaguar.protocol;

import jaguar.he.ParameterException;
import java.util.Locale;

/** What the client learns at the end (public, agreed in the handshake). */
public enum OutputPolicy {
  /** The server sends its shares of the logits: the client learns them (OpenCheetah's behaviour). */
  LOGITS("logits"),
  /** A two-party argmax: the client learns the top-1 class only. */
  LABEL("label");

  private final String label;

  OutputPolicy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses logits|label.
   *
   * @throws ParameterException naming the value and the valid ones
   */
  public static OutputPolicy parse(String s) {
    for (OutputPolicy v : values()) {
      if (v.label.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw ParameterException.of("output", s, "logits, label");
  }
}
