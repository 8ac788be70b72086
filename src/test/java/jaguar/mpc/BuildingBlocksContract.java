package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import jaguar.mpc.ot.OtConfig;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ProtocolException;
import jaguar.net.TwoPartyRun;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The millionaire, multiplexer and B2A on their own, and failures in the middle of a protocol; run
 * once per OT backend by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BuildingBlocksContract {
  private Channel[] channels;
  private MpcParty[] parties;

  /** The backend under test. */
  abstract OtConfig ot();

  /** The label of the backend's COT-generation message (what a garbling peer sends). */
  abstract String extensionLabel();

  @BeforeAll
  void setUp() {
    channels = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(30)));
    TwoPartyRun.Outcome<MpcParty, MpcParty> o =
        TwoPartyRun.run(
            channels[0], ch -> MpcParty.setup(Role.SERVER, ot(), ch, Prg.insecureSeeded(1), 4, 256),
            channels[1], ch -> MpcParty.setup(Role.CLIENT, ot(), ch, Prg.insecureSeeded(2), 4, 256));
    parties = new MpcParty[] {o.first(), o.second()};
  }

  @AfterAll
  void tearDown() {
    channels[0].close();
    channels[1].close();
  }

  private <A, B> TwoPartyRun.Outcome<A, B> both(TwoPartyRun.Party<A> s, TwoPartyRun.Party<B> c) {
    return TwoPartyRun.run(channels[0], s, channels[1], c);
  }

  @Test
  void millionaireIsExactForEveryRadixAndWidth() {
    Prg prg = Prg.insecureSeeded(7);
    for (int radix = 1; radix <= 8; radix++) {
      for (int bits : new int[] {0, 1, 2, 7, 8, 13, 36, 63}) {
        int n = 200;
        long mask = bits == 0 ? 0 : Ring.mask(bits);
        long[] x = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
          x[i] = prg.nextLong() & mask;
          y[i] = switch (i % 5) {
            case 0 -> x[i];
            case 1 -> (x[i] + 1) & mask;
            case 2 -> (x[i] - 1) & mask;
            case 3 -> i % 2 == 0 ? 0 : mask;
            default -> prg.nextLong() & mask;
          };
        }
        final int r = radix;
        final int b = bits;
        Millionaire ms = new Millionaire(Role.SERVER, parties[0].ot(), r);
        Millionaire mc = new Millionaire(Role.CLIENT, parties[1].ot(), r);
        long cots = new CostModel(r).millionaire(n, b).cots();
        TwoPartyRun.Outcome<byte[], byte[]> o =
            both(
                ch -> {
                  byte[] out = new byte[n];
                  parties[0].ot().reserve(cots);
                  ms.greaterThan("gt", x, 0, n, b, out, 0);
                  return out;
                },
                ch -> {
                  byte[] out = new byte[n];
                  parties[1].ot().reserve(cots);
                  mc.greaterThan("gt", y, 0, n, b, out, 0);
                  return out;
                });
        for (int i = 0; i < n; i++) {
          int expected = Long.compareUnsigned(x[i], y[i]) > 0 ? 1 : 0;
          assertThat(o.first()[i] ^ o.second()[i]).as("radix %d bits %d x %d y %d", r, b, x[i], y[i]).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void multiplexerAndBooleanToArithmeticAreExact() {
    for (int bits : new int[] {1, 2, 20, 37, 64}) {
      int n = 300;
      Prg prg = Prg.insecureSeeded(bits);
      long mask = Ring.mask(bits);
      byte[] b = new byte[n];
      byte[] bs = new byte[n];
      long[] x = new long[n];
      long[] xs = new long[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (prg.nextInt() & 1);
        bs[i] = (byte) (prg.nextInt() & 1);
        x[i] = i < 4 ? new long[] {0, mask, 1L << (bits - 1), 1}[i] : prg.nextLong() & mask;
        xs[i] = prg.nextLong() & mask;
      }
      byte[] bc = new byte[n];
      long[] xc = new long[n];
      for (int i = 0; i < n; i++) {
        bc[i] = (byte) (b[i] ^ bs[i]);
        xc[i] = (x[i] - xs[i]) & mask;
      }
      TwoPartyRun.Outcome<long[][], long[][]> o =
          both(
              ch -> {
                long[] m = new long[n];
                long[] a = new long[n];
                parties[0].multiplex(bs, xs, n, bits, m);
                parties[0].booleanToArithmetic(bs, n, bits, a);
                return new long[][] {m, a};
              },
              ch -> {
                long[] m = new long[n];
                long[] a = new long[n];
                parties[1].multiplex(bc, xc, n, bits, m);
                parties[1].booleanToArithmetic(bc, n, bits, a);
                return new long[][] {m, a};
              });
      for (int i = 0; i < n; i++) {
        assertThat((o.first()[0][i] + o.second()[0][i]) & mask).isEqualTo(b[i] == 1 ? x[i] : 0);
        assertThat((o.first()[1][i] + o.second()[1][i]) & mask).isEqualTo(b[i]);
      }
    }
  }

  @Test
  void truncationErrorsAreAtMostOneLsbAndCounted() {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      NonlinearVerifier.Result r =
          NonlinearVerifier.run(NonlinearOp.TRUNC_MSB0, new NonlinearOp.Params(37, 12, 1), 4000, 9, ch[0], ch[1], ot(), 4, 4096);
      assertThat(r.mismatches()).isZero();
      assertThat(r.maxError()).isEqualTo(1);
      // the dropped carry of the low 12 bits: about half of uniformly shared inputs
      assertThat(r.lsbErrors()).isBetween(1000L, 3000L);
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void aMalformedMessageInTheMiddleOfAReluEndsItAtOnce() {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(20)));
    long start = System.nanoTime();
    try {
      assertThatThrownBy(
              () ->
                  TwoPartyRun.run(
                      ch[0],
                      c -> {
                        MpcParty p = MpcParty.setup(Role.SERVER, ot(), c, Prg.insecureSeeded(1), 4, 1024);
                        p.relu(new long[100], 100, 37, new long[100]);
                        return null;
                      },
                      ch[1],
                      c -> {
                        MpcParty.setup(Role.CLIENT, ot(), c, Prg.insecureSeeded(2), 4, 1024);
                        // a client that sends a short, garbled first message of the ReLU
                        c.send(extensionLabel(), new byte[12]);
                        return null;
                      }))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("server: message '" + extensionLabel() + "'")
          .hasMessageContaining("the peer sent 12 bytes, expected");
    } finally {
      ch[0].close();
      ch[1].close();
    }
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void aPeerThatGoesSilentInTheMiddleOfAReluEndsItWithinTheTimeout() {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(2)));
    long start = System.nanoTime();
    try {
      assertThatThrownBy(() -> TwoPartyRun.run(ch[0], this::serverRelu, ch[1], c -> {
                MpcParty.setup(Role.CLIENT, ot(), c, Prg.insecureSeeded(2), 4, 1024);
                return null; // stops answering, connection left open
              }))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("server: message '" + extensionLabel() + "'")
          .hasMessageContaining("timed out after 2.0 s");
    } finally {
      ch[0].close();
      ch[1].close();
    }
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(15).toNanos());
  }

  @Test
  void aPeerThatDisconnectsInTheMiddleOfAReluEndsItAtOnce() {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(60)));
    long start = System.nanoTime();
    try {
      assertThatThrownBy(() -> TwoPartyRun.run(ch[0], this::serverRelu, ch[1], c -> {
                MpcParty.setup(Role.CLIENT, ot(), c, Prg.insecureSeeded(2), 4, 1024);
                c.close();
                return null;
              }))
          .isInstanceOf(ProtocolException.class)
          .hasMessageStartingWith("server: ")
          .hasMessageContaining("peer closed the connection");
    } finally {
      ch[0].close();
      ch[1].close();
    }
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(15).toNanos());
  }

  private Void serverRelu(Channel c) {
    MpcParty p = MpcParty.setup(Role.SERVER, ot(), c, Prg.insecureSeeded(1), 4, 1024);
    p.relu(new long[100], 100, 37, new long[100]);
    return null;
  }
}
