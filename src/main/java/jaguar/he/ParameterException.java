package jaguar.he;

/**
 * A parameter set that cannot be used: the message names the field, its value and what is valid
 * (or, for a set below the security target, how far below and how to override it).
 */
public final class ParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ParameterException(String message) {
    super(message);
  }

  /** "field: value V is not valid; valid: ...". */
  public static ParameterException of(String field, Object value, String valid) {
    return new ParameterException(field + ": value " + value + " is not valid; valid: " + valid);
  }
}
