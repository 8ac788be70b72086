package jaguar.experiment.boundary;

import java.util.Locale;

/** The two HE-to-share boundaries: Jaguar's (SPA-Conv, q = 2^54) and Cheetah's (RNS, q ~ 2^109). */
public enum BoundaryProtocol {
  JAGUAR("jaguar"),
  CHEETAH("cheetah");

  private final String label;

  BoundaryProtocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses jaguar|cheetah; throws IllegalArgumentException naming the valid values. */
  public static BoundaryProtocol parse(String s) {
    for (BoundaryProtocol p : values()) {
      if (p.label.equals(s.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("protocol: value " + s + " is not valid; valid: jaguar, cheetah");
  }
}
