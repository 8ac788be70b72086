package jaguar.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One contract, run against every transport (in-memory and TCP loopback). */
abstract class ChannelContractTest {
  static final ChannelOptions FAST = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(10));

  private Channel[] pair;

  abstract Channel[] newPair(ChannelOptions options);

  Channel[] pair(ChannelOptions options) {
    pair = newPair(options);
    return pair;
  }

  @AfterEach
  void closeBoth() {
    if (pair != null) {
      pair[0].close();
      pair[1].close();
    }
  }

  @Test
  void messagesArriveIntactAcrossChunks() {
    Channel[] c = pair(FAST);
    byte[] big = new byte[3 * Channel.CHUNK_BYTES + 12345];
    new Random(1).nextBytes(big);
    long[] longs = new long[Channel.CHUNK_BYTES / 8 + 77];
    for (int i = 0; i < longs.length; i++) {
      longs[i] = i * 0x9E3779B97F4A7C15L;
    }
    long[] packed = {5, 0, 7, 3, 1, 6, 2};
    byte[] bits = {1, 0, 1, 1, 0, 0, 0, 1, 1};
    TwoPartyRun.Outcome<Void, Object[]> out =
        TwoPartyRun.run(
            c[0],
            ch -> {
              ch.send("small", new byte[] {1, 2, 3});
              ch.send("big", big);
              ch.sendLongs("longs", longs, 0, longs.length);
              ch.sendPacked("packed", packed, 0, packed.length, 3);
              ch.sendBits("bits", bits, 0, bits.length);
              ch.send("empty", new byte[0]);
              return null;
            },
            c[1],
            ch -> {
              byte[] small = ch.receive("small", 3);
              byte[] b = ch.receive("big", big.length);
              long[] l = new long[longs.length];
              ch.receiveLongs("longs", l, 0, l.length);
              long[] p = new long[packed.length];
              ch.receivePacked("packed", p, 0, p.length, 3);
              byte[] bb = new byte[bits.length];
              ch.receiveBits("bits", bb, 0, bb.length);
              ch.receive("empty", 0);
              return new Object[] {small, b, l, p, bb};
            });
    Object[] r = out.second();
    assertThat((byte[]) r[0]).containsExactly(1, 2, 3);
    assertThat(Arrays.equals((byte[]) r[1], big)).isTrue();
    assertThat((long[]) r[2]).containsExactly(longs);
    assertThat((long[]) r[3]).containsExactly(packed);
    assertThat((byte[]) r[4]).containsExactly(bits);
    ChannelStats s0 = c[0].stats();
    ChannelStats s1 = c[1].stats();
    long payload = 3 + big.length + 8L * longs.length + 3 + 2 + 0;
    assertThat(s0.payloadSent()).isEqualTo(payload);
    assertThat(s0.bytesSent()).isEqualTo(payload + 6 * Channel.MESSAGE_HEADER_BYTES);
    assertThat(s0.messagesSent()).isEqualTo(6);
    assertThat(s1.payloadReceived()).isEqualTo(payload);
    assertThat(s1.bytesReceived()).isEqualTo(s0.bytesSent());
    assertThat(s0.flights()).isEqualTo(1);
    assertThat(s1.flights()).isZero();
    assertThat(Math.max(s0.round(), s1.round())).isEqualTo(1);
  }

  @Test
  void roundsFollowTheWrittenRule() {
    Channel[] c = pair(FAST);
    // simultaneous exchange (1 round), then question and answer (2 more), then a pipelined pair
    // of sends by one party (1 more): 4 rounds, flights 3 for party 0 and 2 for party 1
    TwoPartyRun.Outcome<ChannelStats, ChannelStats> out =
        TwoPartyRun.run(
            c[0],
            ch -> {
              ch.send("x0", new byte[1]);
              ch.receive("x1", 1);
              ch.send("q", new byte[1]);
              ch.receive("a", 1);
              ch.send("p1", new byte[1]);
              ch.flush();
              ch.send("p2", new byte[1]);
              ch.flush();
              return ch.stats();
            },
            c[1],
            ch -> {
              ch.send("x1", new byte[1]);
              ch.receive("x0", 1);
              ch.receive("q", 1);
              ch.send("a", new byte[1]);
              ch.receive("p1", 1);
              ch.receive("p2", 1);
              return ch.stats();
            });
    assertThat(out.first().flights()).isEqualTo(3);
    assertThat(out.second().flights()).isEqualTo(2);
    assertThat(Math.max(out.first().round(), out.second().round())).isEqualTo(4);
  }

  @Test
  void wrongLengthIsAClearErrorAtOnce() {
    Channel[] c = pair(FAST);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                TwoPartyRun.run(
                    c[0],
                    ch -> {
                      ch.send("mux.ot", new byte[12]);
                      ch.receive("never", 1);
                      return null;
                    },
                    c[1],
                    ch -> ch.receive("mux.ot", 4096)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("message 'mux.ot'")
        .hasMessageContaining("the peer sent 12 bytes, expected 4096");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void wrongLabelSaysThePartiesAreOutOfStep() {
    Channel[] c = pair(FAST);
    assertThatThrownBy(
            () ->
                TwoPartyRun.run(
                    c[0],
                    ch -> {
                      ch.send("leaf.tables", new byte[8]);
                      ch.receive("never", 1);
                      return null;
                    },
                    c[1],
                    ch -> ch.receive("and.open", 8)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("message 'and.open'")
        .hasMessageContaining("out of step");
  }

  @Test
  void silentPeerTimesOutInBoundedTime() {
    Channel[] c = pair(FAST.withTimeout(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> c[1].receive("relu.open", 16))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("message 'relu.open'")
        .hasMessageContaining("timed out after 0.3 s");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void vanishedPeerEndsTheProtocolWithAClearError() {
    Channel[] c = pair(FAST);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                TwoPartyRun.run(
                    c[0],
                    ch -> {
                      ch.send("hello", new byte[4]);
                      throw new IllegalStateException("party 0 crashed");
                    },
                    c[1],
                    ch -> {
                      ch.receive("hello", 4);
                      return ch.receive("next", 100);
                    }))
        .hasMessageContaining("party 0 crashed")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .satisfies(
                        s ->
                            assertThat(s)
                                .isInstanceOf(ProtocolException.class)
                                .hasMessageContaining("peer closed the connection after 0 of 100 bytes of message 'next'")));
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void emulationAddsLatencyAndBandwidthDelay() {
    NetworkProfile slow = NetworkProfile.of("test", 10, 60); // 10 MB/s, 60 ms RTT
    Channel[] c = pair(FAST.withNetwork(slow));
    long start = System.nanoTime();
    TwoPartyRun.run(
        c[0],
        ch -> {
          ch.send("ping", new byte[1]);
          ch.receive("pong", 1);
          ch.send("bulk", new byte[1_000_000]);
          ch.receive("ack", 1);
          return null;
        },
        c[1],
        ch -> {
          ch.receive("ping", 1);
          ch.send("pong", new byte[1]);
          ch.receive("bulk", 1_000_000);
          ch.send("ack", new byte[1]);
          return null;
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    // two round trips (120 ms) and 1 MB at 10 MB/s (100 ms)
    assertThat(seconds).isGreaterThanOrEqualTo(0.22).isLessThan(5);
  }
}
