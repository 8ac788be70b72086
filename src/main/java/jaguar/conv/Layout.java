package jaguar.conv;

import java.util.Locale;

/** How input channels are laid out in ciphertexts. */
public enum Layout {
  /** The planner's choice. */
  AUTO,
  /** Whole (padded) channels, several per ciphertext: one spatial tile. */
  PACKED,
  /** Channels cut into spatial tiles that overlap by k - 1 rows and columns. */
  SPLIT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses auto|packed|split. */
  public static Layout parse(String s) {
    for (Layout l : values()) {
      if (l.label().equals(s)) {
        return l;
      }
    }
    throw new ConvOptionException("layout", s, "auto, packed, split");
  }
}
