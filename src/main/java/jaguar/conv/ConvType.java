package jaguar.conv;

/** The kinds of convolution the paper distinguishes. */
public enum ConvType {
  /** All input channels, k x k taps (groups = 1, k > 1). */
  DENSE,
  /** 1 x 1 taps over all input channels: no spatial shift. */
  POINTWISE,
  /** One input channel per group (groups = ci): each output channel reads one input channel. */
  DEPTHWISE,
  /** Any other grouping (1 < groups < ci). */
  GROUPED;

  /** Lower-case name, as the paper's tables and conv_shapes.csv spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
