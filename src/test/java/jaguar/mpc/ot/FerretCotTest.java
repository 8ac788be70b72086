package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ChannelStats;
import jaguar.net.ProtocolException;
import jaguar.net.TcpChannels;
import jaguar.net.TwoPartyRun;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ferret's outputs are correlated OTs, batch after batch, over both channels; failures are clear. */
class FerretCotTest {
  private static final ChannelOptions OPTIONS = ChannelOptions.defaults().withTimeout(Duration.ofSeconds(60));
  private static final OtConfig TEST = OtConfig.ferret(FerretParameters.INSECURE_TEST);

  private static Channel[] channels(boolean tcp) {
    return tcp ? TcpChannels.loopbackPair("server", "client", OPTIONS) : Channel.inMemoryPair("server", "client", OPTIONS);
  }

  /** What one side took: the sender's blocks, or the receiver's choices and blocks. */
  private record Taken(long[] blocks, byte[] choices) {}

  /** Takes {@code sizes} COTs in each direction; the server sends in direction 0, the client in 1. */
  private static Taken[][] run(Channel[] ch, OtConfig config, int[] sizes, boolean reserve) {
    TwoPartyRun.Outcome<Object[], Object[]> o =
        TwoPartyRun.run(
            ch[0], c -> side(OtSuite.setup(config, c, Prg.seeded(21)), sizes, reserve),
            ch[1], c -> side(OtSuite.setup(config, c, Prg.seeded(22)), sizes, reserve));
    return new Taken[][] {
      {(Taken) o.first()[0], (Taken) o.second()[1]}, // direction 0: server sends, client receives
      {(Taken) o.second()[0], (Taken) o.first()[1]}, // direction 1
      {new Taken(new long[] {(Long) o.first()[2], (Long) o.first()[3]}, null),
       new Taken(new long[] {(Long) o.second()[2], (Long) o.second()[3]}, null)}
    };
  }

  private static Object[] side(OtSuite s, int[] sizes, boolean reserve) {
    int total = 0;
    for (int n : sizes) {
      total += n;
    }
    long[] q = new long[2 * total];
    long[] t = new long[2 * total];
    byte[] c = new byte[total];
    int at = 0;
    for (int n : sizes) {
      if (reserve) {
        s.reserve(n);
      }
      // both parties take sender-side COTs first (never blocks), then receiver-side ones
      s.cotSender().next(n, q, at);
      s.cotReceiver().next(n, c, at, t, at);
      at += n;
    }
    return new Object[] {new Taken(q, null), new Taken(t, c), s.cotSender().deltaLo(), s.cotSender().deltaHi()};
  }

  private static void checkCorrelation(Taken sender, Taken receiver, long deltaLo, long deltaHi) {
    int n = receiver.choices().length;
    int ones = 0;
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int c = receiver.choices()[i];
      assertThat(c).isBetween(0, 1);
      long q0 = sender.blocks()[2 * i];
      long q1 = sender.blocks()[2 * i + 1];
      assertThat(q0 & 1).as("sender block %d has lowest bit 0", i).isZero();
      assertThat(receiver.blocks()[2 * i]).as("COT %d low half", i).isEqualTo(q0 ^ (c == 1 ? deltaLo : 0));
      assertThat(receiver.blocks()[2 * i + 1]).as("COT %d high half", i).isEqualTo(q1 ^ (c == 1 ? deltaHi : 0));
      seen.add(q0 ^ q1 * 31);
      ones += c;
    }
    assertThat(seen).as("sender blocks are distinct").hasSize(n);
    assertThat((double) ones / n).isBetween(0.47, 0.53);
  }

  @ParameterizedTest(name = "tcp={0}")
  @ValueSource(booleans = {false, true})
  void everyCotHoldsTheCorrelationAcrossManyIterations(boolean tcp) {
    Channel[] ch = channels(tcp);
    try {
      // 100,000 COTs per direction: the bootstrap's leftover, then 7 main iterations of the test set
      int[] sizes = {1, 2, 3, 1000, 777, 13_823, 13_824, 13_825, 5, 30_000, 36_739};
      Taken[][] got = run(ch, TEST, sizes, false);
      checkCorrelation(got[0][0], got[0][1], got[2][0].blocks()[0], got[2][0].blocks()[1]);
      checkCorrelation(got[1][0], got[1][1], got[2][1].blocks()[0], got[2][1].blocks()[1]);
      assertThat(got[2][0].blocks()[0]).isNotEqualTo(got[2][1].blocks()[0]);
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void reservedCotsAreTheSameAsTakenOnDemandAndCostOneMessagePerIteration() {
    Channel[] ch = channels(false);
    try {
      int[] sizes = {20_000, 20_000, 20_000};
      ChannelStats before0 = ch[0].stats();
      Taken[][] got = run(ch, TEST, sizes, true);
      checkCorrelation(got[0][0], got[0][1], got[2][0].blocks()[0], got[2][0].blocks()[1]);
      checkCorrelation(got[1][0], got[1][1], got[2][1].blocks()[0], got[2][1].blocks()[1]);
      assertThat(ch[0].stats().minus(before0).bytesSent()).isPositive();
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
