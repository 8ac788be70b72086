package jaguar.he;

/** Bytes that are not a valid encoding of what the reader expects (length, range, padding). */
public final class WireFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message);
  }
}
