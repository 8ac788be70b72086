package jaguar.protocol;

import jaguar.net.Channel;
import java.util.List;

/**
 * Where a session's further connections come from: with {@code mpc_threads} = k, the nonlinear
 * protocols run over k independent two-party sessions ({@link jaguar.mpc.MpcGroup}), the first on
 * the session's own channel and the others on k - 1 more, opened by both parties at the same point
 * of the session (after the keys, before the OT setup; spec section 11).
 */
@FunctionalInterface
public interface SessionChannels {
  /** {@code count} (at least 1) more channels to the same peer; the caller closes them. */
  Channel[] open(Channel main, int count);

  /** No more channels: a session with {@code mpc_threads} above 1 fails, naming the field. */
  SessionChannels NONE = (main, count) -> {
    throw new IllegalArgumentException("mpc_threads: " + (count + 1) + "; this session can open no further connections (valid: 1)");
  };

  /** Channels made beforehand (both parties in one process): the first {@code count} of them. */
  static SessionChannels of(List<Channel> made) {
    return (main, count) -> {
      if (count > made.size()) {
        throw new IllegalArgumentException("mpc_threads: " + (count + 1) + "; " + made.size() + " further channels were made");
      }
      return made.subList(0, count).toArray(new Channel[0]);
    };
  }

  /**
   * The server's side over TCP: listens on an ephemeral port of the main connection's local
   * address, sends the port and a fresh random token on the main channel, and accepts the
   * connections that present the token and a valid index (others are closed and ignored), within
   * the main channel's timeout.
   */
  static SessionChannels tcpServer() {
    return TcpJoin::accept;
  }

  /** The client's side over TCP: connects to the port the server announced on {@code host}. */
  static SessionChannels tcpClient(String host) {
    return (main, count) -> TcpJoin.connect(main, host, count);
  }

  /**
   * The session's channels: {@code main}, then {@code threads - 1} more from {@code more}, all on
   * one emulated link.
   */
  static Channel[] join(Channel main, SessionChannels more, int threads) {
    Channel[] all = new Channel[threads];
    all[0] = main;
    if (threads > 1) {
      Channel[] extra = more.open(main, threads - 1);
      System.arraycopy(extra, 0, all, 1, threads - 1);
      Channel.shareEmulatedLink(all);
    }
    return all;
  }

  /** Closes every channel but the main one (which stays the caller's). */
  static void closeExtra(Channel[] all) {
    for (int i = 1; i < all.length; i++) {
      all[i].close();
    }
  }
}
