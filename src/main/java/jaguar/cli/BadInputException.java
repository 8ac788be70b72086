package jaguar.cli;

/**
 * An option value the command cannot use. The message names the option, its value and what is
 * valid; {@link Main} prints it as one line and exits with {@link Main#BAD_INPUT}.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String option, Object value, String valid) {
    super("option " + option + ": value " + value + " is not valid; valid: " + valid);
  }

  public BadInputException(String message) {
    super(message);
  }
}
