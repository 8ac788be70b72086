package jaguar.net;

/**
 * What one party's channel has carried, as a snapshot. Bytes count each message's payload plus its
 * {@value Channel#MESSAGE_HEADER_BYTES}-byte header (label tag and length); the transport's own
 * framing (and TCP/IP) is not counted. {@code flights} and {@code round} follow the rule written
 * in {@link Channel}.
 *
 * @param bytesSent payload and message headers sent
 * @param bytesReceived payload and message headers received
 * @param payloadSent payload bytes sent (what a protocol's analytic cost counts)
 * @param payloadReceived payload bytes received
 * @param messagesSent messages sent
 * @param messagesReceived messages received
 * @param flights times this party started sending after having received (direction changes)
 * @param round this party's round clock: the highest round stamp it has sent or received (the
 *     longest chain of flights, each sent after the previous one arrived, that it took part in)
 */
public record ChannelStats(
    long bytesSent,
    long bytesReceived,
    long payloadSent,
    long payloadReceived,
    long messagesSent,
    long messagesReceived,
    long flights,
    long round) {
  /** Nothing carried yet. */
  public static final ChannelStats ZERO = new ChannelStats(0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * The counts of two connections of one party together (e.g. the parallel channels of {@code
   * jaguar.mpc.MpcGroup}): sums, with the round clock the larger of the two (they run side by side).
   */
  public ChannelStats plus(ChannelStats other) {
    return new ChannelStats(
        bytesSent + other.bytesSent,
        bytesReceived + other.bytesReceived,
        payloadSent + other.payloadSent,
        payloadReceived + other.payloadReceived,
        messagesSent + other.messagesSent,
        messagesReceived + other.messagesReceived,
        flights + other.flights,
        Math.max(round, other.round));
  }

  /** Counters since {@code earlier} (the round clock is taken as is: see {@link Channel#startRoundCount()}). */
  public ChannelStats minus(ChannelStats earlier) {
    return new ChannelStats(
        bytesSent - earlier.bytesSent,
        bytesReceived - earlier.bytesReceived,
        payloadSent - earlier.payloadSent,
        payloadReceived - earlier.payloadReceived,
        messagesSent - earlier.messagesSent,
        messagesReceived - earlier.messagesReceived,
        flights - earlier.flights,
        round);
  }
}
