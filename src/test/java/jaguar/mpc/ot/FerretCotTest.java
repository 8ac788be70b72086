package jaguar.mpc.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
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
            ch[0], c -> side(c, OtSuite.setup(config, c, Prg.insecureSeeded(21)), sizes, reserve),
            ch[1], c -> side(c, OtSuite.setup(config, c, Prg.insecureSeeded(22)), sizes, reserve));
    return new Taken[][] {
      {(Taken) o.first()[0], (Taken) o.second()[1]}, // direction 0: server sends, client receives
      {(Taken) o.second()[0], (Taken) o.first()[1]}, // direction 1
      {new Taken(new long[] {(Long) o.first()[2], (Long) o.first()[3], (Long) o.first()[4], (Long) o.first()[5]}, null),
       new Taken(new long[] {(Long) o.second()[2], (Long) o.second()[3], (Long) o.second()[4], (Long) o.second()[5]}, null)}
    };
  }

  /** Returns {sender's taken, receiver's taken, Delta low, Delta high, bytes sent after setup, iterations sent}. */
  private static Object[] side(Channel channel, OtSuite s, int[] sizes, boolean reserve) {
    long setup = channel.stats().bytesSent();
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
    return new Object[] {
      new Taken(q, null), new Taken(t, c), s.cotSender().deltaLo(), s.cotSender().deltaHi(),
      channel.stats().bytesSent() - setup, ((FerretCotSender) s.cotSender()).iterations()
    };
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
      if (i < 200_000) {
        seen.add(q0 ^ q1 * 31);
      }
      ones += c;
    }
    assertThat(seen).as("sender blocks are distinct").hasSize(Math.min(n, 200_000));
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
      assertThat(got[2][0].blocks()[3]).as("iterations").isEqualTo(8);
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void reservedCotsHoldTheCorrelationAndEachIterationIsOneMessageOfItsSender() {
    Channel[] ch = channels(false);
    try {
      int[] sizes = {20_000, 20_000, 20_000};
      Taken[][] got = run(ch, TEST, sizes, true);
      checkCorrelation(got[0][0], got[0][1], got[2][0].blocks()[0], got[2][0].blocks()[1]);
      checkCorrelation(got[1][0], got[1][1], got[2][1].blocks()[0], got[2][1].blocks()[1]);
      LpnParameters main = FerretParameters.INSECURE_TEST.main();
      for (Taken party : got[2]) {
        long bytes = party.blocks()[2];
        long iterations = party.blocks()[3];
        // 60,000 COTs need the bootstrap's 1,536 and ceil(58,464 / 13,824) = 5 iterations
        assertThat(iterations).isEqualTo(5);
        assertThat(bytes).isEqualTo(iterations * (Channel.MESSAGE_HEADER_BYTES + 8L * main.messageLongs()));
      }
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = OtKind.class, names = {"FERRET", "FERRET_2025"})
  void theSecureParametersRunAMainIterationAtUnderAFifthOfABitPerCot(OtKind kind) {
    FerretParameters secure = kind.ferret();
    Channel[] ch = channels(false);
    try {
      int n = secure.bootstrapUsable() + 1; // the bootstrap's leftover, then one main iteration
      TwoPartyRun.Outcome<Object[], Object[]> o =
          TwoPartyRun.run(
              ch[0], c -> {
                OtSuite s = OtSuite.setup(kind, c, Prg.insecureSeeded(5));
                long sent = c.stats().bytesSent();
                long[] q = new long[2 * n];
                s.cotSender().next(n, q, 0);
                return new Object[] {new Taken(q, null), c.stats().bytesSent() - sent, s.cotSender().deltaLo(), s.cotSender().deltaHi()};
              },
              ch[1], c -> {
                OtSuite s = OtSuite.setup(kind, c, Prg.insecureSeeded(6));
                long[] t = new long[2 * n];
                byte[] choices = new byte[n];
                s.cotReceiver().next(n, choices, 0, t, 0);
                return new Object[] {new Taken(t, choices)};
              });
      checkCorrelation((Taken) o.first()[0], (Taken) o.second()[0], (Long) o.first()[2], (Long) o.first()[3]);
      long bytes = (Long) o.first()[1];
      assertThat(bytes).as("one iteration's message, from the channel's count")
          .isEqualTo(Channel.MESSAGE_HEADER_BYTES + 8L * secure.main().messageLongs());
      assertThat(bytes * 8.0 / secure.main().usable()).isBetween(0.19, 0.20).isEqualTo(kind.bitsPerCot());
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @Test
  void parameterSetsAreValidated() {
    assertThatThrownBy(() -> new LpnParameters("x", 1000, 100, 10, 7, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must equal t * 2^depth");
    assertThatThrownBy(() -> new LpnParameters("x", 1024, 1000, 8, 7, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leave nothing");
    LpnParameters small = new LpnParameters("small", 1024, 100, 8, 7, false);
    assertThatThrownBy(() -> new FerretParameters("x", small, FerretParameters.SECURE_128.main()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold");
    assertThat(FerretParameters.SECURE_128.secure()).isTrue();
    assertThat(FerretParameters.INSECURE_TEST.secure()).isFalse();
    assertThat(FerretParameters.SECURE_128.main().usable()).isEqualTo(10_198_341);
    assertThat(FerretParameters.SECURE_128.iknpCots()).isEqualTo(47_709);
    assertThat(FerretParameters.EMP_OT_2025.secure()).isTrue();
    assertThat(FerretParameters.EMP_OT_2025.main().usable()).isEqualTo(15_015_812);
    assertThat(FerretParameters.EMP_OT_2025.main().messageLongs() * 8L).isEqualTo(364_816); // 2 + 2 t (depth - 1) longs
    assertThat(FerretParameters.EMP_OT_2025.iknpCots()).isEqualTo(74_036);
    assertThat(OtKind.of("ferret-2025").ferret()).isSameAs(FerretParameters.EMP_OT_2025);
    assertThat(OtConfig.of(OtKind.FERRET_2025)).hasToString("ferret-2025");
    assertThat(OtConfig.ferret(FerretParameters.INSECURE_TEST)).hasToString("ferret (insecure-test)");
  }

  @Test
  void aTruncatedIterationMessageEndsTheReceiverWithAClearError() {
    Channel[] ch = channels(false);
    try {
      assertThatThrownBy(
              () -> TwoPartyRun.run(
                  ch[0], c -> {
                    OtSuite.setup(TEST, c, Prg.insecureSeeded(1));
                    c.send("ferret.batch", new byte[100]);
                    return null;
                  },
                  ch[1], c -> {
                    OtSuite s = OtSuite.setup(TEST, c, Prg.insecureSeeded(2));
                    s.cotReceiver().next(FerretParameters.INSECURE_TEST.bootstrapUsable() + 1, new byte[20_000], 0, new long[40_000], 0);
                    return null;
                  }))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("client: message 'ferret.batch'")
          .hasMessageContaining("the peer sent 100 bytes, expected " + 8 * FerretParameters.INSECURE_TEST.main().messageLongs());
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }
}
