package jaguar.conv;

import java.util.Locale;

/** Which form of a strided layer a kernel convolves (see {@link Polyphase}). */
public enum StrideForm {
  /**
   * The protocol's default: {@code cheetah-ntt} takes the cheaper form by its own op counts,
   * {@code jaguar-hybrid} the faster by its cost model, {@code jaguar}, {@code jaguar-ntt} and
   * {@code cheetah} (OpenCheetah's schedule as measured) the direct form.
   */
  AUTO("auto"),
  /** Every stride-1 output computed, the stride applied at extraction (1x1 strided: subsampled). */
  DIRECT("direct"),
  /** The {@link Polyphase} form; only for stride > 1 and k > 1. */
  POLYPHASE("polyphase");

  private final String label;

  StrideForm(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Parses auto|direct|polyphase. */
  public static StrideForm parse(String s) {
    for (StrideForm f : values()) {
      if (f.label.equals(s.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new ConvOptionException("stride-form", s, "auto, direct, polyphase");
  }
}
