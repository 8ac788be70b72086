package jaguar.conv;

/**
 * A convolution shape, layout or protocol that cannot be used. {@link #field()} names the
 * offending field as the CLI spells its option (H, W, ci, co, k, stride, pad, groups, layout,
 * protocol); the message gives its value and what is valid.
 */
public final class ConvOptionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ConvOptionException(String field, Object value, String valid) {
    super(field + ": value " + value + " is not valid; valid: " + valid);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
