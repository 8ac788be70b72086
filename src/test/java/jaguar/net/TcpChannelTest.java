package jaguar.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpChannelTest extends ChannelContractTest {
  @Override
  Channel[] newPair(ChannelOptions options) {
    return TcpChannels.loopbackPair("server", "client", options);
  }

  /** A raw peer: accepts the channel's connection and lets the test write bytes by hand. */
  private static void withRawPeer(RawPeer body) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Channel ch = TcpChannels.connect("127.0.0.1", ss.getLocalPort(), "client", FAST.withTimeout(Duration.ofSeconds(2)));
      try (Socket raw = ss.accept()) {
        body.run(ch, new DataOutputStream(raw.getOutputStream()), raw);
      } finally {
        ch.close();
      }
    }
  }

  interface RawPeer {
    void run(Channel ch, DataOutputStream out, Socket raw) throws Exception;
  }

  @Test
  void peerThatClosesMidMessageIsNamedWithHowFarItGot() throws Exception {
    withRawPeer(
        (ch, out, raw) -> {
          byte[] data = new byte[8 + 12];
          ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt("mux.ot".hashCode()).putInt(4096);
          out.writeInt(data.length);
          out.writeLong(1);
          out.writeLong(0);
          out.write(data);
          out.flush();
          raw.shutdownOutput();
          assertThatThrownBy(() -> ch.receive("mux.ot", 4096))
              .isInstanceOf(ProtocolException.class)
              .hasMessage("client: peer closed the connection after 12 of 4096 bytes of message 'mux.ot'");
        });
  }

  @Test
  void malformedFrameIsRefused() throws Exception {
    withRawPeer(
        (ch, out, raw) -> {
          out.writeInt(-5);
          out.writeLong(0);
          out.writeLong(0);
          out.flush();
          long start = System.nanoTime();
          assertThatThrownBy(() -> ch.receive("relu.leaf", 64))
              .isInstanceOf(ProtocolException.class)
              .hasMessageContaining("message 'relu.leaf'")
              .hasMessageContaining("malformed frame from the peer (length -5");
          assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        });
  }

  @Test
  void truncatedFrameIsRefused() throws Exception {
    withRawPeer(
        (ch, out, raw) -> {
          out.writeInt(1000);
          out.writeLong(0);
          out.writeLong(0);
          out.write(new byte[10]);
          out.flush();
          raw.shutdownOutput();
          assertThatThrownBy(() -> ch.receive("x", 992))
              .isInstanceOf(ProtocolException.class)
              .hasMessageContaining("peer closed the connection in the middle of a frame");
        });
  }

  @Test
  void noServerIsAClearErrorAfterTheTimeout() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    assertThatThrownBy(
            () -> TcpChannels.connect("127.0.0.1", port, "client", FAST.withTimeout(Duration.ofMillis(300))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
  }
}
