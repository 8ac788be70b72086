package jaguar.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import jaguar.conv.ConvOptionException;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvThreads;
import jaguar.conv.Layout;
import jaguar.conv.MatVecPlan;
import jaguar.conv.PlainConv;
import jaguar.conv.Polyphase;
import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.pow2.Pow2ZeroEncryptor;
import jaguar.he.pow2.Pow2ZeroPool;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import jaguar.mpc.Ring;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.TwoPartyRun;
import jaguar.share.CheetahBoundary;
import jaguar.share.JaguarBoundary;
import jaguar.share.TruncationMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The encrypt-convolve-export pipeline ({@link LinearLayer}) between two parties on random shapes
 * and every plan the engines choose: SPA-Conv, the NTT path on both components or on c1 only (the
 * hybrid's mixed kernel), direct and polyphase forms, Cheetah's two schedules, the classifier's
 * matrix-vector products and the dense truncation. Inputs are additive shares (x_C + x_S mod t),
 * weights and biases random; the reconstructed output must be what the export promises: Jaguar
 * floor(m / 2^f) mod 2^(T-f) exactly (exact mode) or that or one less (private), Cheetah m mod t.
 */
class LinearLayerProperties {
  static final InferenceConfig JAGUAR = InferenceConfig.jaguar().withFc(FcBackend.NATIVE);
  static final InferenceConfig CHEETAH = InferenceConfig.cheetah();

  record Case(ConvShape shape, String kernel, boolean polyphase, TruncationMode mode, long seed) {}

  @Test
  void everyConvPlanExportsWhatItPromises() {
    Gen<ConvShape> shapes = shapes();
    Gen<String> kernels = Generate.pick(List.of("jaguar", "jaguar-ntt", "jaguar-ntt-spa-c0", "cheetah", "cheetah-ntt"));
    Gen<Boolean> forms = Generate.booleans();
    Gen<TruncationMode> modes = Generate.pick(List.of(TruncationMode.PRIVATE, TruncationMode.EXACT));
    qt().withExamples(60).withShrinkCycles(10)
        .forAll(shapes.zip(kernels, forms, modes, Generate.longRange(0, Long.MAX_VALUE), Case::new))
        .checkAssert(LinearLayerProperties::check);
  }

  @Test
  void matVecAndDenseExportWhatTheyPromise() {
    for (int[] io : new int[][] {{64, 10}, {2048, 1000}, {37, 5}}) {
      for (boolean rns : new boolean[] {false, true}) {
        InferenceConfig cfg = rns ? CHEETAH : JAGUAR;
        int n = rns ? cfg.rns().degree() : cfg.pow2().degree();
        MatVecPlan mp = MatVecPlan.of(io[0], io[1], n, 14_000, v -> 10_000);
        runAndCheck(cfg, LinearPlan.MatVec.of(1, rns, mp), io[0], io[0] * io[1], TruncationMode.PRIVATE, io[0] * 7L + io[1],
            (x, w) -> matVec(x, w, io[0], io[1]));
      }
    }
    runAndCheck(JAGUAR, LinearPlan.Dense.of(1, 3000, 2048), 3000, 0, TruncationMode.EXACT, 5, (x, w) -> x);
  }

  private static void check(Case c) {
    InferenceConfig cfg = c.kernel().startsWith("cheetah") ? CHEETAH : JAGUAR;
    ConvShape s = c.shape();
    boolean poly = c.polyphase() && Polyphase.applies(s);
    ConvPlan p;
    try {
      ConvProtocol kernel = ConvProtocol.parse(c.kernel().replace("-spa-c0", ""));
      int n = kernel.powerOfTwo() ? 2048 : 4096;
      p = poly ? ConvPlan.polyphase(s, n, kernel, Layout.AUTO) : ConvPlan.direct(s, n, kernel, Layout.AUTO);
      if (c.kernel().endsWith("spa-c0")) {
        p = ConvPlan.agreed(s, n, kernel, poly, p.blockChannels(), p.blockRows(), p.blockCols(), true);
      }
    } catch (ConvOptionException e) {
      return;
    }
    ConvPlan plan = p;
    int range = Math.max(1, s.co() / 2);
    runAndCheck(cfg, LinearPlan.Conv.of(1, plan, range), s.inputSize(), s.weightSize(), c.mode(), c.seed(),
        (x, w) -> PlainConv.convolve(s, x, w, 64));
  }

  interface Reference {
    /** The exact product (as 62-bit integers; reduced by the caller). */
    long[] apply(long[] x, long[] w);
  }

  private static void runAndCheck(
      InferenceConfig cfg0, LinearPlan plan, int inputs, int weightCount, TruncationMode mode, long seed, Reference ref) {
    InferenceConfig cfg = cfg0.withTruncation(mode);
    Prg prg = Prg.insecureSeeded(seed);
    int t = cfg.ringBits();
    long[] xc = new long[inputs];
    long[] xs = new long[inputs];
    long[] x = new long[inputs];
    for (int i = 0; i < inputs; i++) {
      x[i] = prg.nextLong(1L << 14) - (1L << 13); // small signed activations
      xs[i] = prg.nextLong() & Ring.mask(t);
      xc[i] = (x[i] - xs[i]) & Ring.mask(t);
    }
    long[] w = new long[weightCount];
    for (int i = 0; i < w.length; i++) {
      w[i] = prg.nextLong(1L << 9) - (1L << 8);
    }
    boolean dense = plan instanceof LinearPlan.Dense;
    int outputs = plan.outputSize();
    long[] bias = dense ? null : new long[outputs];
    int biasCount = 0;
    if (!dense) {
      for (int i = 0; i < outputs; i++) {
        biasCount = Math.max(biasCount, plan.biasIndex(i) + 1);
      }
      bias = new long[biasCount];
      for (int i = 0; i < biasCount; i++) {
        bias[i] = prg.nextLong(1L << 24) - (1L << 23);
      }
    }
    long[] exact = ref.apply(x, dense ? null : w);
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    long[] biasFinal = bias;
    try {
      TwoPartyRun.Outcome<long[], long[]> o;
      if (plan.rns()) {
        CheetahBoundary b = Boundaries.cheetah(cfg);
        SecretKey key = SecretKey.generate(b.params().degree(), prg);
        RnsZeroEncryptor zeros = new RnsZeroEncryptor(RnsPublicKey.generate(b.params(), key, prg).prefix(b.target()), prg.fork());
        HeSchemes.RnsServer server = new HeSchemes.RnsServer(b, zeros, prg.fork());
        HeSchemes.RnsClient client = new HeSchemes.RnsClient(b, key, prg.fork());
        o = TwoPartyRun.run(
            ch[0], c -> LinearLayer.server(c, plan, server, xs, kernels(cfg, plan, w), biasFinal, ConvThreads.single(), new LayerReport.Phases(), null),
            ch[1], c -> LinearLayer.client(c, plan, client, xc, new LayerReport.Phases(), null));
      } else {
        JaguarBoundary b = Boundaries.jaguar(cfg);
        SecretKey key = SecretKey.generate(b.params().degree(), prg);
        Pow2ZeroPool pool = Pow2ZeroPool.precompute(new Pow2ZeroEncryptor(Pow2PublicKey.generate(b.params(), key, prg), prg.fork()),
            plan.exportedCiphertexts());
        HeSchemes.Pow2Server server = new HeSchemes.Pow2Server(b, pool, prg.fork());
        HeSchemes.Pow2Client client = new HeSchemes.Pow2Client(b, key, prg.fork());
        o = TwoPartyRun.run(
            ch[0], c -> LinearLayer.server(c, plan, server, xs, kernels(cfg, plan, w), biasFinal, ConvThreads.single(), new LayerReport.Phases(), null),
            ch[1], c -> LinearLayer.client(c, plan, client, xc, new LayerReport.Phases(), null));
        assertThat(pool.remaining()).as("every pooled encryption of zero used once").isZero();
      }
      int f = cfg.fracBits();
      for (int i = 0; i < outputs; i++) {
        long m = exact[i] + (dense ? 0 : bias[plan.biasIndex(i)]);
        long sum = o.first()[i] + o.second()[i];
        if (plan.rns()) {
          assertThat(Ring.reduce(sum, t)).as("%s output %d", plan.encode(), i).isEqualTo(Ring.reduce(m, t));
        } else {
          int k = t - f;
          long want = Ring.reduce(Ring.signed(m, t) >> f, k);
          long d = Ring.signed(sum - want, k);
          if (mode == TruncationMode.EXACT) {
            assertThat(d).as("%s output %d", plan.encode(), i).isZero();
          } else {
            assertThat(d).as("%s output %d", plan.encode(), i).isBetween(-1L, 0L);
          }
        }
      }
    } finally {
      ch[0].close();
      ch[1].close();
    }
  }

  @SuppressWarnings("unchecked")
  private static <C> java.util.function.IntFunction<Kernel<C>> kernels(InferenceConfig cfg, LinearPlan plan, long[] w) {
    return r -> (Kernel<C>) Kernel.of(cfg, plan, r, w);
  }

  private static long[] matVec(long[] x, long[] w, int in, int out) {
    long[] y = new long[out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        y[o] += w[o * in + i] * x[i];
      }
    }
    return y;
  }

  private static Gen<ConvShape> shapes() {
    Gen<Integer> k = Generate.pick(List.of(1, 3, 5, 7));
    return k.flatMap(kk -> Generate.range(0, kk / 2).flatMap(pad -> Generate.range(Math.max(kk - 2 * pad, 3), 40)
        .zip(Generate.range(1, 12), Generate.range(1, 6), Generate.pick(List.of(1, 2)), Generate.pick(List.of("dense", "depthwise", "grouped")),
            (h, ci, co, stride, kind) -> switch (kind) {
              case "depthwise" -> new ConvShape(h, h + 1, ci, ci, kk, stride, pad, ci);
              case "grouped" -> new ConvShape(h, h, 2 * ci, 2 * co, kk, stride, pad, 2);
              default -> new ConvShape(h, h, ci, co, kk, stride, pad, 1);
            })));
  }
}
