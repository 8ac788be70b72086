package jaguar.experiment.nonlinear;

import jaguar.math.Prg;
import jaguar.mpc.Cleartext;
import jaguar.mpc.MpcGroup;
import jaguar.mpc.NonlinearOp;
import jaguar.mpc.Reduction;
import jaguar.mpc.Ring;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.nn.FixedPointSpec.Relu;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One party's side of a nonlinear-stage session on one network with one OT backend and one thread
 * count (an {@link MpcGroup} over that many channels, every batch cut between them): OT setup, a
 * warm-up (not measured), then, convolution output by convolution output ({@link ResNet50Stages}),
 * Cheetah's path (ReLU at ell bits then truncation by f with the MSB zero where the ReLU follows
 * the convolution; a signed truncation, then the ReLU on the residual sum, for a bottleneck's
 * conv3; a signed truncation alone for a projection) and Jaguar's (ReLU at T - f bits with the
 * extension to T bits, each extension variant; nothing for a projection), for each ReLU variant. Every protocol call starts
 * after a local barrier shared with the other party's thread (both start together, the round
 * clock restarts) and is recorded with its wall-clock interval and channel counts. Inputs are
 * random signed values at the stage's scale (|x| < 16 in fixed point), secret-shared from the run's
 * seed; both parties derive them, each keeps its share.
 */
final class StageSession {
  /** One measured protocol call as one party saw it. */
  record Call(
      String path, String stage, String variant, String relu, int layer, long elements, long start, long end,
      long bytesSent, long payloadSent, long round, long cotsTaken, long cotsGenerated, long otBytesSent,
      long otNanos) {}

  static final String CHEETAH = "cheetah";
  static final String JAGUAR = "jaguar";
  static final String RELU = "relu";
  static final String TRUNCATION = "truncation";

  private final Role role;
  private final Channel[] channels;
  private final StageSettings s;
  private final OtKind ot;
  private final List<ResNet50Stages.Layer> layers;
  private final long seed;
  private final CyclicBarrier barrier;
  private final OutputChecker checker;
  private final List<Call> calls = new ArrayList<>();
  private Runnable afterLayer = () -> {};
  private MpcGroup party;

  StageSession(
      Role role, Channel[] channels, StageSettings settings, OtKind ot, List<ResNet50Stages.Layer> layers, long seed,
      CyclicBarrier barrier, OutputChecker checker) {
    this.role = role;
    this.channels = channels;
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
      party = MpcGroup.setup(role, OtConfig.of(ot), channels, Prg.insecureSeeded(seed * 1_000_003L + role.index()), s.radix(), s.batch());
      warmUp();
      for (int l = 0; l < layers.size(); l++) {
        ResNet50Stages.Layer layer = layers.get(l);
        int n = Math.toIntExact(s.scaled(layer.elements()));
        if (layer.kind() != ResNet50Stages.Kind.FUSED) { // conv3 before the residual addition, a projection
          cheetahTruncation(l, n);
        }
        for (Relu relu : layer.relu() ? s.relus() : List.<Relu>of()) {
          cheetahLayer(l, n, layer.kind() == ResNet50Stages.Kind.FUSED, relu);
          for (String variant : s.extensions()) {
            jaguarLayer(l, n, variant, layer.kind() == ResNet50Stages.Kind.FUSED, relu);
          }
        }
        afterLayer.run();
      }
      return calls;
    } catch (Throwable t) {
      barrier.reset();
      throw t;
    } finally {
      if (party != null) {
        party.close();
      }
    }
  }

  private void warmUp() {
    int n = 2 * s.batch() * party.threads();
    long[] x = new long[n];
    int ell = s.cheetahEll();
    int k = s.jaguarReluBits();
    int ext = s.jaguarT() - k;
    party.run(NonlinearOp.RELU, x, n, new NonlinearOp.Params(ell, 0, 1));
    party.run(NonlinearOp.TRUNC_MSB0, x, n, new NonlinearOp.Params(ell, s.cheetahF(), 1));
    party.run(NonlinearOp.RELU_EXTEND, x, n, new NonlinearOp.Params(k, ext, 1));
    party.run(NonlinearOp.RELU_EXTEND_SEPARATE, x, n, new NonlinearOp.Params(k, ext, 1));
    party.run(NonlinearOp.TRUNC, x, n, new NonlinearOp.Params(ell, s.cheetahF(), 1));
    for (Relu relu : s.relus()) {
      party.run(NonlinearOp.RELU, x, n, new NonlinearOp.Params(ell, 0, 1, s.reduction(relu, true, true)));
      party.run(NonlinearOp.RELU_EXTEND, x, n, new NonlinearOp.Params(k, ext, 1, s.reduction(relu, false, true)));
    }
  }

  /**
   * Layer l's inputs: {cleartext, this party's share, the server's share}, signed values in
   * [-2^(scale+4), 2^(scale+4)).
   */
  private long[][] inputs(int layer, int n, int bits, int scaleBits, long stream) {
    Prg values = Prg.insecureSeeded(seed ^ (stream << 40) ^ ((long) layer << 20));
    Prg masks = Prg.insecureSeeded(~seed ^ (stream << 40) ^ ((long) layer << 20));
    long mask = Ring.mask(bits);
    long range = 1L << (scaleBits + 5);
    long[] x = new long[n];
    long[] share = new long[n];
    long[] server = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = (values.nextLong(range) - range / 2) & mask;
      long m = masks.nextLong() & mask;
      server[i] = m;
      share[i] = role.isServer() ? m : (x[i] - m) & mask;
    }
    return new long[][] {x, share, server};
  }

  private static String label(Relu relu) {
    return relu.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Cheetah on a convolution output followed by a ReLU: {@code fused} (the ReLU on the output at
   * scale 2f, then the truncation with the MSB zero) or after the residual addition (the signed
   * truncation of the output, then the ReLU on the sum at scale f).
   */
  private void cheetahLayer(int l, int n, boolean fused, Relu relu) throws Exception {
    int ell = s.cheetahEll();
    int f = s.cheetahF();
    long[][] in = inputs(l, n, ell, fused ? 2 * f : f, fused ? 1 : 3);
    long[] relu0 = new long[n];
    Reduction r = s.reduction(relu, true, fused);
    String variant = "ell=" + ell + (fused ? "" : " after add");
    NonlinearOp.Params p = new NonlinearOp.Params(ell, 0, 1, r);
    measure(CHEETAH, RELU, variant, label(relu), l, n, () -> copy(party.run(NonlinearOp.RELU, in[1], n, p), relu0));
    long[] expected = NonlinearOp.RELU.expected(in[0], in[2], n, p);
    checker.submit(CHEETAH + RELU + variant + label(relu), "c-relu-" + l + label(relu) + fused, relu0, expected, ell, 0);
    if (fused) {
      long[] truncated = new long[n];
      measure(CHEETAH, TRUNCATION, "msb0", label(relu), l, n,
          () -> copy(party.run(NonlinearOp.TRUNC_MSB0, relu0, n, new NonlinearOp.Params(ell, f, 1)), truncated));
      long[] exp = new long[n];
      for (int i = 0; i < n; i++) {
        exp[i] = Cleartext.truncate(expected[i], ell, f);
      }
      checker.submit(CHEETAH + TRUNCATION + "msb0" + label(relu), "c-trunc-" + l + label(relu), truncated, exp, ell, 1);
    }
  }

  /** Cheetah's signed truncation of a convolution output (conv3 before the residual addition, a projection). */
  private void cheetahTruncation(int l, int n) throws Exception {
    int ell = s.cheetahEll();
    int f = s.cheetahF();
    long[][] in = inputs(l, n, ell, 2 * f, 4);
    long[] out = new long[n];
    measure(CHEETAH, TRUNCATION, "signed", "", l, n,
        () -> copy(party.run(NonlinearOp.TRUNC, in[1], n, new NonlinearOp.Params(ell, f, 1)), out));
    long[] expected = new long[n];
    for (int i = 0; i < n; i++) {
      expected[i] = Cleartext.truncate(in[0][i], ell, f);
    }
    checker.submit(CHEETAH + TRUNCATION + "signed", "c-strunc-" + l, out, expected, ell, 1);
  }

  private void jaguarLayer(int l, int n, String variant, boolean fusedWithConv, Relu relu) throws Exception {
    int k = s.jaguarReluBits();
    int t = s.jaguarT();
    long[][] in = inputs(l, n, k, s.jaguarF(), 2);
    long[] out = new long[n];
    boolean fused = variant.equals("fused");
    Reduction r = s.reduction(relu, false, fusedWithConv);
    measure(JAGUAR, RELU, variant, label(relu), l, n, () -> {
      if (fused) {
        copy(party.run(NonlinearOp.RELU_EXTEND, in[1], n, new NonlinearOp.Params(k, t - k, 1, r)), out);
      } else if (r.exact()) {
        copy(party.run(NonlinearOp.RELU_EXTEND_SEPARATE, in[1], n, new NonlinearOp.Params(k, t - k, 1)), out);
      } else {
        long[] y = party.run(NonlinearOp.RELU, in[1], n, new NonlinearOp.Params(k, 0, 1, r));
        copy(party.run(NonlinearOp.EXTEND, y, n, new NonlinearOp.Params(k, t - k, 1)), out);
      }
    });
    long[] expected = NonlinearOp.RELU_EXTEND.expected(in[0], in[2], n, new NonlinearOp.Params(k, t - k, 1, r));
    checker.submit(JAGUAR + RELU + variant + label(relu), "j-" + variant + "-" + l + label(relu) + fusedWithConv, out, expected, t, 0);
  }

  private static void copy(long[] from, long[] to) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  private void measure(String path, String stage, String variant, String relu, int layer, long n, Runnable op) throws Exception {
    party.flush();
    try {
      barrier.await(s.timeoutSeconds(), TimeUnit.SECONDS);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the other party stopped before " + path + " " + stage + " of layer " + layer, e);
    }
    party.startRoundCount();
    MpcGroup.Counters before = party.counters();
    long start = System.nanoTime();
    op.run();
    party.flush();
    long end = System.nanoTime();
    MpcGroup.Counters d = party.counters().minus(before);
    calls.add(
        new Call(path, stage, variant, relu, layer, n, start, end, d.channel().bytesSent(), d.channel().payloadSent(),
            d.channel().round(), d.cotsTakenAsSender(), d.cotsGeneratedAsReceiver(), d.extensionBytesSent(),
            d.extensionNanos()));
  }
}
