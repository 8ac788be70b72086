package jaguar.net;

/**
 * A transport of chunks in both directions between two parties (in-memory queues or a TCP
 * connection). Writes never wait for the peer to read, up to a bound of buffered data; reads wait
 * at most the given timeout.
 */
interface Link {
  /**
   * Hands a chunk to the transport. The link owns {@code chunk.data()} afterwards.
   *
   * @throws ProtocolException if the peer is gone or has not read for the timeout
   */
  void write(Chunk chunk, String context);

  /**
   * The next chunk from the peer, or null if the peer closed the connection cleanly between
   * chunks. The chunk's data stays valid until the next call.
   *
   * @throws ProtocolException on timeout, a malformed frame or a broken connection; the message
   *     starts with {@code context}
   */
  Chunk read(long timeoutNanos, String context);

  /** The peer's address ({@code 127.0.0.1:40312}), or a name for an in-memory link. */
  default String peer() {
    return "in-memory";
  }

  /** This end's local address over TCP, or null. */
  default java.net.InetAddress localAddress() {
    return null;
  }

  /** Sends what is buffered, tells the peer the stream ended, releases resources. Idempotent. */
  void close();
}
