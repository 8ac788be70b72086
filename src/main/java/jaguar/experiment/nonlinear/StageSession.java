package jaguar.experiment.nonlinear;

import jaguar.math.Prg;
import jaguar.mpc.Cleartext;
import jaguar.mpc.MpcParty;
import jaguar.mpc.Ring;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One party's side of a nonlinear-stage session on one network with one OT backend: OT setup, a
 * warm-up (not measured), then, layer by layer, Cheetah's ReLU at ell bits and truncation by f, and Jaguar's
 * ReLU at T - f bits with the extension to T bits (each variant). Every protocol call starts
 * after a local barrier shared with the other party's thread (both start together, the round
 * clock restarts) and is recorded with its wall-clock interval and channel counts. Inputs are
 * random signed values at the stage's scale (|x| < 16 in fixed point), secret-shared from the run's
 * seed; both parties derive them, each keeps its share.
 */
final class StageSession {
  /** One measured protocol call as one party saw it. */
  record Call(
      String path, String stage, String variant, int layer, long elements, long start, long end,
      long bytesSent, long payloadSent, long round, long cotsTaken, long cotsGenerated, long otBytesSent,
      long otNanos) {}

  static final String CHEETAH = "cheetah";
  static final String JAGUAR = "jaguar";
  static final String RELU = "relu";
  static final String TRUNCATION = "truncation";

  private final Role role;
  private final Channel channel;
  private final StageSettings s;
  private final OtKind ot;
  private final List<ResNet50Stages.Layer> layers;
  private final long seed;
  private final CyclicBarrier barrier;
  private final OutputChecker checker;
  private final List<Call> calls = new ArrayList<>();
  private Runnable afterLayer = () -> {};
  private MpcParty party;

  StageSession(
      Role role, Channel channel, StageSettings settings, OtKind ot, List<ResNet50Stages.Layer> layers, long seed,
      CyclicBarrier barrier, OutputChecker checker) {
    this.role = role;
    this.channel = channel;
    this.s = settings;
    this.ot = ot;
    this.layers = layers;
    this.seed = seed;
    this.barrier = barrier;
    this.checker = checker;
  }

  /** Called after each layer (e.g. to step a progress bar). */
  StageSession afterEachLayer(Runnable r) {
    this.afterLayer = r;
    return this;
  }

  /** Runs the session; on failure breaks the barrier so the other thread stops too. */
  List<Call> run() throws Exception {
    try {
      party = MpcParty.setup(role, ot, channel, Prg.insecureSeeded(seed * 1_000_003L + role.index()), s.radix(), s.batch());
      warmUp();
      for (int l = 0; l < layers.size(); l++) {
        int n = Math.toIntExact(s.scaled(layers.get(l).elements()));
        cheetahLayer(l, n);
        for (String variant : s.extensions()) {
          jaguarLayer(l, n, variant);
        }
        afterLayer.run();
      }
      return calls;
    } catch (Throwable t) {
      barrier.reset();
      throw t;
    }
  }

  private void warmUp() {
    int n = 2 * s.batch();
    long[] x = new long[n];
    long[] out = new long[n];
    party.relu(x, n, s.cheetahEll(), out);
    party.truncateMsb0(out, n, s.cheetahEll(), s.cheetahF(), x);
    party.reluExtend(x, n, s.jaguarReluBits(), s.jaguarT(), true, out);
    party.reluExtend(x, n, s.jaguarReluBits(), s.jaguarT(), false, out);
  }

  /** This party's shares of layer l's inputs: signed values in [-2^(scale+4), 2^(scale+4)). */
  private long[][] inputs(int layer, int n, int bits, int scaleBits, long stream) {
    Prg values = Prg.insecureSeeded(seed ^ (stream << 40) ^ ((long) layer << 20));
    Prg masks = Prg.insecureSeeded(~seed ^ (stream << 40) ^ ((long) layer << 20));
    long mask = Ring.mask(bits);
    long range = 1L << (scaleBits + 5);
    long[] x = new long[n];
    long[] share = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = (values.nextLong(range) - range / 2) & mask;
      long m = masks.nextLong() & mask;
      share[i] = role.isServer() ? m : (x[i] - m) & mask;
    }
    return new long[][] {x, share};
  }

  private void cheetahLayer(int l, int n) throws Exception {
    int ell = s.cheetahEll();
    int f = s.cheetahF();
    long[][] in = inputs(l, n, ell, 2 * f, 1);
    long[] relu = new long[n];
    measure(CHEETAH, RELU, "ell=" + ell, l, n, () -> party.relu(in[1], n, ell, relu));
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = Cleartext.relu(in[0][i], ell);
    }
    checker.submit(CHEETAH + RELU, "c-relu-" + l, relu, expected, ell, 0);
    long[] truncated = new long[n];
    measure(CHEETAH, TRUNCATION, "msb0", l, n, () -> party.truncateMsb0(relu, n, ell, f, truncated));
    for (int i = 0; i < n; i++) {
      expected[i] = Cleartext.truncate(expected[i], ell, f);
    }
    checker.submit(CHEETAH + TRUNCATION, "c-trunc-" + l, truncated, expected, ell, 1);
  }

  private void jaguarLayer(int l, int n, String variant) throws Exception {
    int k = s.jaguarReluBits();
    int t = s.jaguarT();
    long[][] in = inputs(l, n, k, s.jaguarF(), 2);
    long[] out = new long[n];
    boolean fused = variant.equals("fused");
    measure(JAGUAR, RELU, variant, l, n, () -> party.reluExtend(in[1], n, k, t, fused, out));
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = Cleartext.reluExtend(in[0][i], k, t);
    }
    checker.submit(JAGUAR + RELU + variant, "j-" + variant + "-" + l, out, expected, t, 0);
  }

  private void measure(String path, String stage, String variant, int layer, long n, Runnable op) throws Exception {
    channel.flush();
    try {
      barrier.await(s.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the other party stopped before " + path + " " + stage + " of layer " + layer, e);
    }
    channel.startRoundCount();
    ChannelStats before = channel.stats();
    long taken = party.ot().cotsTakenAsSender();
    long generated = party.ot().cotsGeneratedAsReceiver();
    long otBytes = party.ot().extensionBytesSent();
    long otNanos = party.ot().extensionNanos();
    long start = System.nanoTime();
    op.run();
    channel.flush();
    long end = System.nanoTime();
    ChannelStats d = channel.stats().minus(before);
    calls.add(
        new Call(path, stage, variant, layer, n, start, end, d.bytesSent(), d.payloadSent(), d.round(),
            party.ot().cotsTakenAsSender() - taken, party.ot().cotsGeneratedAsReceiver() - generated,
            party.ot().extensionBytesSent() - otBytes, party.ot().extensionNanos() - otNanos));
  }
}
