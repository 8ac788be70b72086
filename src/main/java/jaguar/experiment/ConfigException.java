package jaguar.experiment;

/**
 * A configuration that cannot run. The message always names the file, the field (as a path such as
 * {@code shapes[3].k}), the offending value and what would be valid, so a user can fix it without
 * reading code.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
