package jaguar.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Channels over TCP: a server that accepts one connection and a client that connects (two
 * processes, or two hosts), and a loopback pair for one process.
 */
public final class TcpChannels {
  private TcpChannels() {}

  /**
   * Waits (at most the timeout) for one client on {@code server} and returns the channel.
   *
   * @throws ProtocolException if no client connects in time
   */
  public static Channel accept(ServerSocket server, String name, ChannelOptions options) {
    try {
      server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()));
      Socket s = server.accept();
      return new Channel(name, new TcpLink(s, name, options.timeoutNanos()), options);
    } catch (SocketTimeoutException e) {
      throw new ProtocolException(
          name + ": no peer connected to port " + server.getLocalPort() + " within "
              + Channel.seconds(options.timeoutNanos()), e);
    } catch (IOException e) {
      throw new ProtocolException(name + ": cannot accept a connection: " + e.getMessage(), e);
    }
  }

  /** A channel over a socket a server accepted (its timeout from the options). */
  public static Channel wrap(Socket s, String name, ChannelOptions options) throws IOException {
    return new Channel(name, new TcpLink(s, name, options.timeoutNanos()), options);
  }

  /**
   * Connects to {@code host:port}, retrying while the server is not yet listening (at most the
   * timeout).
   */
  public static Channel connect(String host, int port, String name, ChannelOptions options) {
    long deadline = System.nanoTime() + options.timeoutNanos();
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), (int) Math.max(1, options.timeout().toMillis()));
        return new Channel(name, new TcpLink(s, name, options.timeoutNanos()), options);
      } catch (IOException e) {
        last = e;
        try {
          s.close();
          Thread.sleep(50);
        } catch (IOException ignored) {
          // retrying
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new ProtocolException(
        name + ": cannot connect to " + host + ":" + port + " within "
            + Channel.seconds(options.timeoutNanos()) + (last == null ? "" : ": " + last.getMessage()),
        last);
  }

  /**
   * Two channels connected over TCP on 127.0.0.1 (an ephemeral port): {@code [0]} accepted, named
   * {@code name0}; {@code [1]} connected, named {@code name1}.
   */
  public static Channel[] loopbackPair(String name0, String name1, ChannelOptions options) {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      CompletableFuture<Channel> client =
          CompletableFuture.supplyAsync(() -> connect("127.0.0.1", port, name1, options));
      Channel c0 = accept(server, name0, options);
      Channel c1 = client.get(options.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Channel[] {c0, c1};
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback server socket", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new ProtocolException("connect failed", e);
    } catch (TimeoutException e) {
      throw new ProtocolException("loopback connection timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException("interrupted while connecting", e);
    }
  }
}
