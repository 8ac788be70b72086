package jaguar.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryChannelTest extends ChannelContractTest {
  @Override
  Channel[] newPair(ChannelOptions options) {
    return Channel.inMemoryPair("server", "client", options);
  }

  @Test
  void peerThatClosesMidMessageIsNamedWithHowFarItGot() {
    InMemoryLink[] links = InMemoryLink.pair(FAST.timeoutNanos());
    Channel reader = new Channel("client", links[1], FAST);
    byte[] partial = new byte[8 + 12];
    java.nio.ByteBuffer.wrap(partial).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt("mux.ot".hashCode()).putInt(4096);
    links[0].write(new Chunk(partial, partial.length, 1, 0), "test");
    links[0].close();
    long start = System.nanoTime();
    assertThatThrownBy(() -> reader.receive("mux.ot", 4096))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("client: peer closed the connection after 12 of 4096 bytes of message 'mux.ot'");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
