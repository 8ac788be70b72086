package jaguar.protocol;

import jaguar.he.ParameterException;
import java.util.Locale;

/** What the server reveals after a run so the client can check it; anything but {@link #NONE} is for verification only. */
public enum VerifyMode {
  /** A real run: nothing beyond the output is revealed. */
  NONE("none"),
  /** INSECURE for the model: the server reveals its truncation randomness and its logit shares, so the client can drive the reference bit for bit. */
  FINAL("final"),
  /** INSECURE for the model: as final, and the server reveals every layer's shares, so the client names the first layer that disagrees. */
  LAYERS("layers");

  private final String label;

  VerifyMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Parses none|final|layers.
   *
   * @throws ParameterException naming the value and the valid ones
   */
  public static VerifyMode parse(String s) {
    for (VerifyMode v : values()) {
      if (v.label.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw ParameterException.of("verify", s, "none, final, layers");
  }
}
