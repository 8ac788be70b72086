package jaguar.net;

/**
 * A two-party protocol cannot go on: the peer closed the connection, sent a message of the wrong
 * length or label, sent a malformed frame, or said nothing within the timeout. The message names
 * the channel, the message being read or written and how far it got, e.g. {@code client: peer
 * closed the connection after 12 of 4096 bytes of message 'mux.ot'}.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
