package jaguar.protocol;

/**
 * A party refused the other's offer before any secret moved: a different protocol version,
 * parameter set, model or plan, or parameters outside the HE-standard table. The message names the
 * field and both values ({@code field T: server 32, client 30}).
 */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public HandshakeException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field that differs or is refused. */
  public String field() {
    return field;
  }
}
