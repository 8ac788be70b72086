package jaguar.net;

import java.time.Duration;

/**
 * How a channel behaves: the network it emulates and how long a read may wait for the peer before
 * the protocol fails with a {@link ProtocolException}.
 *
 * @param network emulated bandwidth and latency ({@link NetworkProfile#NONE} for none)
 * @param timeout the longest wait for the peer's next data (and for a full send buffer to drain)
 */
public record ChannelOptions(NetworkProfile network, Duration timeout) {
  /** Default read timeout: two minutes, long enough for the largest batch a peer computes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  public ChannelOptions {
    if (network == null) {
      throw new IllegalArgumentException("network profile is required (NetworkProfile.NONE for none)");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** No emulation, the default timeout. */
  public static ChannelOptions defaults() {
    return new ChannelOptions(NetworkProfile.NONE, DEFAULT_TIMEOUT);
  }

  public ChannelOptions withNetwork(NetworkProfile n) {
    return new ChannelOptions(n, timeout);
  }

  public ChannelOptions withTimeout(Duration t) {
    return new ChannelOptions(network, t);
  }

  long timeoutNanos() {
    return timeout.toNanos();
  }
}
