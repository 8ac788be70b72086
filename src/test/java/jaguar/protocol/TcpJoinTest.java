package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ProtocolException;
import jaguar.net.TcpChannels;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The further connections of a session over TCP: joined by token and index, within the timeout. */
class TcpJoinTest {
  private static final ChannelOptions SHORT = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(2));

  @Test
  void theClientsConnectionsArriveInTheServersOrderAndCarryMessages() throws Exception {
    Channel[] main = TcpChannels.loopbackPair("server", "client", SHORT);
    try {
      CompletableFuture<Channel[]> server = CompletableFuture.supplyAsync(() -> TcpJoin.accept(main[0], 3));
      Channel[] client = TcpJoin.connect(main[1], "127.0.0.1", 3);
      Channel[] joined = server.get(10, TimeUnit.SECONDS);
      assertThat(joined).hasSize(3).doesNotContainNull();
      for (int i = 0; i < 3; i++) {
        client[i].send("x", new byte[] {(byte) i});
        client[i].flush();
        assertThat(joined[i].receive("x", 1)[0]).isEqualTo((byte) i);
        joined[i].close();
        client[i].close();
      }
    } finally {
      main[0].close();
      main[1].close();
    }
  }

  @Test
  void aClientThatOpensTooFewConnectionsEndsTheSessionWithinTheTimeout() throws Exception {
    Channel[] main = TcpChannels.loopbackPair("server", "client", SHORT);
    try {
      CompletableFuture<Channel[]> server = CompletableFuture.supplyAsync(() -> TcpJoin.accept(main[0], 2));
      Channel[] one = TcpJoin.connect(main[1], "127.0.0.1", 1); // one of the two
      assertThatThrownBy(() -> server.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
          .hasMessageContaining("1 of 2 further connections joined");
      one[0].close();
    } finally {
      main[0].close();
      main[1].close();
    }
  }

  @Test
  void aBadPortInTheOfferIsRefusedNamingIt() {
    Channel[] main = TcpChannels.loopbackPair("server", "client", SHORT);
    try {
      main[0].send("join.offer", ByteBuffer.allocate(4 + TcpJoin.TOKEN_BYTES).putInt(70_000).array());
      main[0].flush();
      assertThatThrownBy(() -> TcpJoin.connect(main[1], "127.0.0.1", 1)).isInstanceOf(ProtocolException.class)
          .hasMessageContaining("port 70000; valid: 1..65535");
    } finally {
      main[0].close();
      main[1].close();
    }
  }
}
