package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ChannelStats;
import jaguar.net.ProtocolException;
import jaguar.net.TwoPartyRun;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The OTs derived from random COTs, against every backend (the subclasses). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OtSuiteContract {
  private Channel[] channels;
  private OtSuite[] suites;

  abstract OtConfig config();

  @BeforeAll
  void setUp() {
    channels = Channel.inMemoryPair("server", "client", ChannelOptions.defaults().withTimeout(Duration.ofSeconds(30)));
    TwoPartyRun.Outcome<OtSuite, OtSuite> o =
        TwoPartyRun.run(
            channels[0], ch -> OtSuite.setup(config(), ch, Prg.insecureSeeded(10)),
            channels[1], ch -> OtSuite.setup(config(), ch, Prg.insecureSeeded(11)));
    suites = new OtSuite[] {o.first(), o.second()};
  }

  @AfterAll
  void tearDown() {
    channels[0].close();
    channels[1].close();
  }

  private <A, B> TwoPartyRun.Outcome<A, B> run(TwoPartyRun.Party<A> server, TwoPartyRun.Party<B> client) {
    return TwoPartyRun.run(channels[0], server, channels[1], client);
  }

  @Test
  void baseOtReceiverGetsTheChosenKey() {
    Prg prg = Prg.insecureSeeded(3);
    ChouOrlandiBaseOt.Sender s = new ChouOrlandiBaseOt.Sender(prg);
    byte[] choices = {0, 1, 1, 0, 1};
    long[] got = new long[10];
    byte[] reply = ChouOrlandiBaseOt.respond(s.firstMessage(), choices, prg, got);
    long[][] keys = s.keys(reply, 5);
    for (int i = 0; i < 5; i++) {
      long[] chosen = keys[choices[i]];
      long[] other = keys[1 - choices[i]];
      assertThat(new long[] {got[2 * i], got[2 * i + 1]}).containsExactly(chosen[2 * i], chosen[2 * i + 1]);
      assertThat(got[2 * i]).isNotEqualTo(other[2 * i]);
    }
  }

  @Test
  void baseOtRefusesAPointNotOnTheCurve() {
    byte[] bogus = new byte[ChouOrlandiBaseOt.POINT_BYTES];
    java.util.Arrays.fill(bogus, (byte) 0xff);
    bogus[0] = 2; // x = 2^256 - 1 is not a field element
    assertThatThrownBy(() -> ChouOrlandiBaseOt.respond(bogus, new byte[1], Prg.insecureSeeded(1), new long[2]))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed curve point");
  }

  @Test
  void cotsHoldTheCorrelationAcrossBatchesInBothDirections() {
    int[] sizes = {1, 63, 64, 200, 5, 20_000, 3};
    TwoPartyRun.Outcome<long[][], Object[]> forward =
        run(ch -> senderSide(suites[0], sizes), ch -> receiverSide(suites[1], sizes));
    check(forward.first(), forward.second(), suites[0].cotSender());
    TwoPartyRun.Outcome<Object[], long[][]> reverse =
        run(ch -> receiverSide(suites[0], sizes), ch -> senderSide(suites[1], sizes));
    check(reverse.second(), reverse.first(), suites[1].cotSender());
  }

  private static long[][] senderSide(OtSuite s, int[] sizes) {
    long[][] out = new long[sizes.length][];
    for (int k = 0; k < sizes.length; k++) {
      out[k] = new long[2 * sizes[k]];
      s.cotSender().next(sizes[k], out[k], 0);
    }
    return out;
  }

  private static Object[] receiverSide(OtSuite s, int[] sizes) {
    Object[] out = new Object[2 * sizes.length];
    for (int k = 0; k < sizes.length; k++) {
      byte[] c = new byte[sizes[k]];
      long[] t = new long[2 * sizes[k]];
      s.cotReceiver().next(sizes[k], c, 0, t, 0);
      out[2 * k] = c;
      out[2 * k + 1] = t;
    }
    return out;
  }

  private static void check(long[][] q, Object[] ct, CotSender sender) {
    int ones = 0;
    int total = 0;
    for (int k = 0; k < q.length; k++) {
      byte[] c = (byte[]) ct[2 * k];
      long[] t = (long[]) ct[2 * k + 1];
      for (int i = 0; i < c.length; i++) {
        long dl = c[i] == 1 ? sender.deltaLo() : 0;
        long dh = c[i] == 1 ? sender.deltaHi() : 0;
        assertThat(t[2 * i]).isEqualTo(q[k][2 * i] ^ dl);
        assertThat(t[2 * i + 1]).isEqualTo(q[k][2 * i + 1] ^ dh);
        ones += c[i];
        total++;
      }
    }
    assertThat(ones).isBetween(total / 4, 3 * total / 4);
  }

  @Test
  void correlatedOtGivesRPlusChoiceTimesX() {
    int n = 1000;
    int bits = 37;
    Prg prg = Prg.insecureSeeded(5);
    long[] x = new long[n];
    prg.fillBits(x, bits);
    byte[] c = new byte[n];
    for (int i = 0; i < n; i++) {
      c[i] = (byte) (prg.nextInt() & 1);
    }
    ChannelStats before = channels[1].stats();
    long serverExtension = suites[0].extensionPayloadSent();
    long clientExtension = suites[1].extensionPayloadSent();
    TwoPartyRun.Outcome<long[], long[]> o =
        run(
            ch -> {
              long[] r = new long[n];
              suites[0].reserve(n);
              suites[0].sendCorrelated("t", x, 0, n, bits, r, 0);
              return r;
            },
            ch -> {
              suites[1].reserve(n);
              OtSuite.CorrelatedRequest req = suites[1].requestCorrelated("t", c, 0, n, bits);
              long[] got = new long[n];
              req.finish(got, 0);
              return got;
            });
    long mask = (1L << bits) - 1;
    for (int i = 0; i < n; i++) {
      assertThat(o.second()[i]).isEqualTo((o.first()[i] + c[i] * x[i]) & mask);
    }
    ChannelStats after = channels[1].stats();
    // besides COT generation: n choice bits from the client, n * bits answer bits from the server
    long clientCot = suites[1].extensionPayloadSent() - clientExtension;
    long serverCot = suites[0].extensionPayloadSent() - serverExtension;
    assertThat(after.payloadSent() - before.payloadSent() - clientCot).isEqualTo((n + 7) / 8);
    assertThat(after.payloadReceived() - before.payloadReceived() - serverCot).isEqualTo((n * (long) bits + 7) / 8);
  }

  @Test
  void oneOfNReturnsTheChosenMessageForEveryShape() {
    int[][] shapes = {{1, 1}, {2, 64}, {4, 2}, {4, 1}, {4, 20}, {3, 33}, {8, 1}, {5, 2}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int k = shape[1];
      int n = 300;
      int words = OtSuite.tableWords(m, k);
      Prg prg = Prg.insecureSeeded(m * 100 + k);
      long[][] messages = new long[n][1 << m];
      long[] tables = new long[n * words];
      long[] choices = new long[n];
      for (int i = 0; i < n; i++) {
        for (int v = 0; v < (1 << m); v++) {
          messages[i][v] = prg.nextLong() & OtSuite.mask(k);
          OtSuite.setMessage(tables, i, m, k, v, messages[i][v]);
        }
        choices[i] = prg.nextLong() & ((1L << m) - 1);
      }
      TwoPartyRun.Outcome<Void, long[]> o =
          run(
              ch -> {
                suites[0].reserve((long) n * m);
                suites[0].sendOneOfN("n", tables, n, m, k);
                return null;
              },
              ch -> {
                suites[1].reserve((long) n * m);
                OtSuite.OneOfNRequest r = suites[1].requestOneOfN("n", choices, 0, n, m, k);
                long[] out = new long[n];
                r.finish(out, 0);
                return out;
              });
      for (int i = 0; i < n; i++) {
        assertThat(o.second()[i]).as("m=%d k=%d i=%d", m, k, i).isEqualTo(messages[i][(int) choices[i]]);
      }
    }
  }

  @Test
  void sharedOneOfNGivesXorSharesOfTheChosenMessageAndSendsOneMessageLess() {
    int[][] shapes = {{1, 1}, {2, 64}, {4, 2}, {3, 1}, {4, 20}, {3, 33}, {8, 1}, {5, 2}, {2, 3}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int k = shape[1];
      int n = 300;
      int words = OtSuite.tableWords(m, k);
      Prg prg = Prg.insecureSeeded(m * 1000 + k);
      long[][] messages = new long[n][1 << m];
      long[] tables = new long[n * words];
      long[] choices = new long[n];
      for (int i = 0; i < n; i++) {
        for (int v = 0; v < (1 << m); v++) {
          messages[i][v] = prg.nextLong() & OtSuite.mask(k);
          OtSuite.setMessage(tables, i, m, k, v, messages[i][v]);
        }
        // every choice, 0 included, appears
        choices[i] = i < (1 << m) ? i : prg.nextLong() & ((1L << m) - 1);
      }
      run(ch -> {
            suites[0].reserve((long) n * m);
            return null;
          }, ch -> {
            suites[1].reserve((long) n * m);
            return null;
          });
      ChannelStats before = channels[0].stats();
      TwoPartyRun.Outcome<long[], long[]> o =
          run(
              ch -> {
                long[] shares = new long[n];
                suites[0].sendOneOfNShared("n", tables, n, m, k, shares, 0);
                return shares;
              },
              ch -> {
                OtSuite.OneOfNRequest r = suites[1].requestOneOfNShared("n", choices, 0, n, m, k);
                long[] out = new long[n];
                r.finish(out, 0);
                return out;
              });
      long[] shares = o.first();
      for (int i = 0; i < n; i++) {
        assertThat(o.second()[i] ^ shares[i]).as("m=%d k=%d i=%d", m, k, i).isEqualTo(messages[i][(int) choices[i]]);
        assertThat(shares[i] & ~OtSuite.mask(k)).as("share within k bits").isZero();
      }
      // the sender's shares are not constant (they carry the pads)
      assertThat(java.util.Arrays.stream(shares).distinct().count()).isGreaterThan(1);
      long sentBits = ((1L << m) - 1) * k;
      int sentWords = (int) ((sentBits + 63) / 64);
      long expected = sentWords == 1
          ? (n * sentBits + 7) / 8
          : 8L * n * (sentWords - 1) + (n * (sentBits - 64L * (sentWords - 1)) + 7) / 8;
      ChannelStats after = channels[0].stats();
      assertThat(after.payloadSent() - before.payloadSent()).as("m=%d k=%d bytes", m, k).isEqualTo(expected);
    }
  }

  @Test
  void oppositeDirectionsOverlapInOneRoundTrip() {
    int n = 100;
    byte[] c = new byte[n];
    long[] x = new long[n];
    run(ch -> {
          suites[0].reserve(n);
          return null;
        }, ch -> {
          suites[1].reserve(n);
          return null;
        });
    channels[0].startRoundCount();
    channels[1].startRoundCount();
    TwoPartyRun.Outcome<Long, Long> o =
        run(
            ch -> {
              OtSuite.CorrelatedRequest req = suites[0].requestCorrelated("a", c, 0, n, 8);
              suites[0].sendCorrelated("b", x, 0, n, 8, new long[n], 0);
              req.finish(new long[n], 0);
              return ch.stats().round();
            },
            ch -> {
              OtSuite.CorrelatedRequest req = suites[1].requestCorrelated("b", c, 0, n, 8);
              suites[1].sendCorrelated("a", x, 0, n, 8, new long[n], 0);
              req.finish(new long[n], 0);
              return ch.stats().round();
            });
    assertThat(Math.max(o.first(), o.second())).isEqualTo(2);
  }
}
