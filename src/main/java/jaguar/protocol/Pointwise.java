package jaguar.protocol;

import jaguar.he.ParameterException;
import java.util.Locale;

/**
 * The engine of Cheetah's pointwise layers (1 x 1 convolutions, stride-2 downsamples included)
 * and its classifier: Cheetah's own (HomConv, HomFC), or Rhombus's packed matrix products at N =
 * 8192 with the who-encrypts rule (RhombusEnd2End's flow; docs/rhombus-plan.md).
 */
public enum Pointwise {
  CHEETAH("cheetah"),
  RHOMBUS("rhombus");

  private final String label;

  Pointwise(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses cheetah|rhombus. */
  public static Pointwise parse(String s) {
    for (Pointwise v : values()) {
      if (v.label.equals(s.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw ParameterException.of("pointwise", s, "cheetah, rhombus");
  }
}
