package jaguar.mpc;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.TwoPartyRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MpcGroupTest {
  /** {@code threads} in-memory pairs: the servers' ends, then the clients'. */
  private static Channel[][] ends(int threads) {
    Channel[][] ends = new Channel[2][threads];
    for (int i = 0; i < threads; i++) {
      Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
      ends[0][i] = ch[0];
      ends[1][i] = ch[1];
    }
    return ends;
  }

  private static void close(Channel[][] ends) {
    for (Channel[] side : ends) {
      for (Channel c : side) {
        c.close();
      }
    }
  }

  private static NonlinearVerifier.Result check(NonlinearOp op, NonlinearOp.Params p, int n, int threads, OtConfig ot) {
    Channel[][] ends = ends(threads);
    Channel[] server = ends[0];
    Channel[] client = ends[1];
    try {
      return NonlinearVerifier.run(op, p, n, 11, server, client, ot, 3, 1000);
    } finally {
      close(ends);
    }
  }

  @ParameterizedTest(name = "{0} on {2} threads")
  @CsvSource({
    "relu, 20, 2", "relu, 37, 3", "relu-extend, 20, 2", "trunc-msb0, 37, 2", "trunc, 37, 3", "maxpool, 20, 2",
    "argmax, 20, 3", "relu6-extend, 20, 2"
  })
  void aBatchCutOverSessionsMatchesTheCleartextFunction(String id, int bits, int threads) {
    NonlinearOp op = NonlinearOp.of(id);
    NonlinearOp.Params p = new NonlinearOp.Params(bits, 12, 4);
    NonlinearVerifier.Result r = check(op, p, 2_345, threads, OtConfig.of(OtKind.IKNP));
    assertThat(r.mismatches()).as(id).isZero();
    // the same work as one session, up to each message's bit packing rounded to whole bytes
    NonlinearVerifier.Result one = check(op, p, 2_345, 1, OtConfig.of(OtKind.IKNP));
    assertThat((double) r.payloadBytes() - r.extensionPayloadBytes())
        .isCloseTo(one.payloadBytes() - one.extensionPayloadBytes(), org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat((double) r.cotsTaken()).isCloseTo(one.cotsTaken(), org.assertj.core.data.Percentage.withPercentage(0.1));
    assertThat(r.rounds()).isLessThanOrEqualTo(one.rounds()); // each session runs fewer slices
  }

  @Test
  void approximateReluAndFerretWorkPerSessionToo() {
    NonlinearOp.Params p = new NonlinearOp.Params(37, 12, 1, new Reduction(18, 19));
    NonlinearVerifier.Result r = check(NonlinearOp.RELU, p, 3_000, 2, OtConfig.ferret(FerretParameters.INSECURE_TEST));
    assertThat(r.mismatches()).isZero();
  }

  @Test
  void sessionRolesAlternateAndBothDirectionsCarryTheOtSenderTraffic() {
    Channel[] a = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    Channel[] b = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    try {
      TwoPartyRun.Outcome<Role[], Role[]> o = TwoPartyRun.run(
          a[0], c -> roles(Role.SERVER, new Channel[] {a[0], b[0]}),
          a[1], c -> roles(Role.CLIENT, new Channel[] {a[1], b[1]}));
      assertThat(o.first()).containsExactly(Role.SERVER, Role.CLIENT);
      assertThat(o.second()).containsExactly(Role.CLIENT, Role.SERVER);
    } finally {
      a[0].close();
      a[1].close();
      b[0].close();
      b[1].close();
    }
  }

  private static Role[] roles(Role role, Channel[] ch) {
    try (MpcGroup g = MpcGroup.setup(role, OtConfig.of(OtKind.IKNP), ch, Prg.insecureSeeded(role.index()), 3, 100)) {
      return new Role[] {g.party(0).role(), g.party(1).role()};
    }
  }

  @Test
  void aFailingSessionAbortsTheOthersInsteadOfLeavingThemToTheirTimeouts() {
    ChannelOptions o = ChannelOptions.defaults().withTimeout(java.time.Duration.ofSeconds(60));
    Channel[] a = Channel.inMemoryPair("server", "client", o);
    Channel[] b = Channel.inMemoryPair("server", "client", o);
    try {
      TwoPartyRun.Outcome<String, String> out = TwoPartyRun.run(
          a[0], c -> {
            try (MpcGroup g = MpcGroup.setup(Role.SERVER, OtConfig.of(OtKind.IKNP), new Channel[] {a[0], b[0]}, Prg.insecureSeeded(1), 3, 100)) {
              // session 0 fails at once; session 1 waits for a message the peer never sends
              g.all(i -> {
                if (i == 0) {
                  throw new IllegalStateException("boom");
                }
                g.party(1).channel().receive("never", 8);
                return null;
              });
              return "no failure";
            } catch (IllegalStateException e) {
              return e.getMessage();
            }
          },
          a[1], c -> {
            try (MpcGroup g = MpcGroup.setup(Role.CLIENT, OtConfig.of(OtKind.IKNP), new Channel[] {a[1], b[1]}, Prg.insecureSeeded(2), 3, 100)) {
              g.party(1).channel().receive("never", 8); // ends when the server aborts session 1's channel
              return "no failure";
            } catch (jaguar.net.ProtocolException e) {
              return e.getMessage();
            }
          });
      assertThat(out.first()).isEqualTo("boom");
      assertThat(out.second()).contains("peer closed").doesNotContain("timed out");
    } finally {
      a[0].close();
      a[1].close();
      b[0].close();
      b[1].close();
    }
  }

  @Test
  void sessionsOverOneEmulatedLinkShareItsBandwidth() {
    // 2 x 4 MB at 40 MB/s: about 0.2 s when the two sessions share the link, 0.1 s if each had its own
    NetworkProfile slow = NetworkProfile.of("slow", 40, 0);
    ChannelOptions o = ChannelOptions.defaults().withNetwork(slow);
    Channel[] a = Channel.inMemoryPair("server", "client", o);
    Channel[] b = Channel.inMemoryPair("server", "client", o);
    Channel.shareEmulatedLink(a[0], b[0]);
    try {
      byte[] data = new byte[4_000_000];
      long t0 = System.nanoTime();
      Thread reader = new Thread(() -> {
        b[1].receive("x", data.length);
      });
      reader.start();
      a[0].send("x", data);
      a[0].flush();
      b[0].send("x", data);
      b[0].flush();
      a[1].receive("x", data.length);
      reader.join();
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(seconds).isGreaterThan(0.18);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      a[0].close();
      a[1].close();
      b[0].close();
      b[1].close();
    }
  }

  /** Both parties' outputs and decisions of one call, reconstructed. */
  private record Joined(long[] out, byte[] decisions) {}

  @FunctionalInterface
  private interface GroupCall {
    void run(MpcGroup g, long[] x, long[] out, byte[] decisions);
  }

  /** Runs {@code call} on fixed shares of x with {@code threads} sessions; returns the reconstruction. */
  private static Joined joined(int threads, long[][] shares, int outputs, int decisions, int bits, GroupCall call) {
    Channel[][] ends = ends(threads);
    Channel[] server = ends[0];
    Channel[] client = ends[1];
    try {
      TwoPartyRun.Outcome<Object[], Object[]> o = TwoPartyRun.run(
          server[0], c -> party(Role.SERVER, server, shares[0], outputs, decisions, call),
          client[0], c -> party(Role.CLIENT, client, shares[1], outputs, decisions, call));
      long[] a = (long[]) o.first()[0];
      long[] b = (long[]) o.second()[0];
      long[] out = new long[outputs];
      for (int i = 0; i < outputs; i++) {
        out[i] = Ring.reduce(a[i] + b[i], bits);
      }
      byte[] da = (byte[]) o.first()[1];
      byte[] db = (byte[]) o.second()[1];
      byte[] d = da == null ? null : new byte[da.length];
      for (int i = 0; d != null && i < d.length; i++) {
        d[i] = (byte) (da[i] ^ db[i]);
      }
      return new Joined(out, d);
    } finally {
      close(ends);
    }
  }

  private static Object[] party(Role role, Channel[] ch, long[] x, int outputs, int decisions, GroupCall call) {
    try (MpcGroup g = MpcGroup.setup(role, OtConfig.of(OtKind.IKNP), ch, Prg.secure(), 3, 1000)) {
      long[] out = new long[outputs];
      byte[] d = decisions == 0 ? null : new byte[decisions];
      call.run(g, x, out, d);
      return new Object[] {out, d};
    }
  }

  /**
   * The engine's calls (with their ReLU decisions, approximate too) cut over 3 sessions give, on
   * the same input shares, exactly what one session gives: outputs and decisions.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"relu-approx", "relu6-extend-approx", "relu6", "extend-signed", "trunc", "trunc-exact", "maxpool", "argmax"})
  void theEnginesCallsCutOverSessionsEqualOneSession(String op) {
    int n = 1_001;
    int bits = op.startsWith("relu6-extend") || op.equals("extend-signed") ? 20 : 37;
    int window = op.equals("maxpool") || op.equals("argmax") ? 4 : 1;
    Prg prg = Prg.insecureSeeded(5);
    long[][] shares = new long[2][n * window];
    for (int i = 0; i < n * window; i++) {
      long v = prg.nextLong() >> (64 - bits + 3); // |x| < 2^(bits-4)
      shares[0][i] = Ring.reduce(prg.nextLong(), bits);
      shares[1][i] = Ring.reduce(v - shares[0][i], bits);
    }
    Reduction r = bits == 37 ? new Reduction(12, 22) : new Reduction(4, 14);
    int decisions = op.equals("relu-approx") ? n : op.startsWith("relu6") ? 2 * n : 0;
    int outBits = op.startsWith("relu6-extend") || op.equals("extend-signed") ? 32 : bits;
    GroupCall call = switch (op) {
      case "relu-approx" -> (g, x, o, d) -> g.relu(x, n, bits, r, o, d);
      case "relu6-extend-approx" -> (g, x, o, d) -> g.relu6Extend(x, n, bits, 32, 12, r, o, d);
      case "relu6" -> (g, x, o, d) -> g.relu6(x, n, bits, 12, Reduction.EXACT, o, d);
      case "extend-signed" -> (g, x, o, d) -> g.extendSigned(x, n, bits, 32, o);
      case "trunc" -> (g, x, o, d) -> g.truncate(x, n, bits, 12, o);
      case "trunc-exact" -> (g, x, o, d) -> g.truncateExact(x, n, bits, 12, o);
      case "maxpool" -> (g, x, o, d) -> g.maxPool(x, n, window, bits, o);
      default -> (g, x, o, d) -> g.argmax(x, n, window, bits, o);
    };
    Joined one = joined(1, shares, n, decisions, outBits, call);
    Joined three = joined(3, shares, n, decisions, outBits, call);
    assertThat(three.out()).isEqualTo(one.out());
    assertThat(three.decisions()).isEqualTo(one.decisions());
    if (op.equals("relu-approx")) { // and it is a ReLU wherever the reduced ring's sign is right
      for (int i = 0; i < n; i++) {
        long x = Ring.signed(shares[0][i] + shares[1][i], bits);
        if (x >= 1L << 12 || x < 0) {
          assertThat(one.out()[i]).isEqualTo(Math.max(x, 0));
        }
      }
    }
  }
}
