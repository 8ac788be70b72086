package jaguar.experiment.fixedpoint;

import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.math.Prg;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.FashionMnist;
import jaguar.nn.FixedPointInference;
import jaguar.nn.ReluDecisions;
import jaguar.nn.FixedPointSpec;
import jaguar.nn.FloatInference;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Safetensors;
import jaguar.nn.SyntheticImages;
import jaguar.nn.SyntheticWeights;
import jaguar.nn.Tensor;
import jaguar.nn.TruncationErrors;
import jaguar.nn.Weights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;

/** The fixed-point sweep; see {@link FixedPointSweepKind} for its config. Writes {@code sweep.csv}. */
final class FixedPointSweep implements Experiment {
  static final String[] COLUMNS = {
    "model", "data", "weights", "protocol", "ring_bits", "frac_bits", "images", "agreement",
    "accuracy", "fp32_accuracy", "overflow_images", "overflows", "first_overflow",
    "truncation_error_rate", "mean_abs_logit_error"};

  private final List<SweepModel> models;
  private final List<String> protocols;
  private final List<Long> ringBits;
  private final List<Long> fracBits;
  private final String errors;
  private final double errorProbability;
  private final Path fashionMnist;
  private final Path paper;
  private final int threads;

  FixedPointSweep(List<SweepModel> models, List<String> protocols, List<Long> ringBits,
      List<Long> fracBits, String errors, double errorProbability, Path fashionMnist, Path paper,
      int threads) {
    this.models = models;
    this.protocols = protocols;
    this.ringBits = ringBits;
    this.fracBits = fracBits;
    this.errors = errors;
    this.errorProbability = errorProbability;
    this.fashionMnist = fashionMnist;
    this.paper = paper;
    this.threads = threads;
  }

  /** Images and labels (null when the data has none). */
  private record Inputs(float[][] images, int[] labels) {}

  @Override
  public void run(RunContext ctx) throws Exception {
    ResultTable table = ResultTable.withColumns("sweep", COLUMNS);
    if (paper != null) {
      Files.copy(paper, ctx.file("paper.csv"), StandardCopyOption.REPLACE_EXISTING);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      int index = 0;
      for (SweepModel sm : models) {
        runModel(ctx, sm, index++, table, pool);
        ctx.write("sweep.csv", table);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void runModel(RunContext ctx, SweepModel sm, int index, ResultTable table, ExecutorService pool)
      throws Exception {
    Model model = ModelZoo.get(sm.name(), sm.size());
    long seed = ctx.seed() * 1_000_003L + index;
    Weights weights = sm.weights() != null
        ? Safetensors.load(model, sm.weights())
        : SyntheticWeights.realistic(model, Prg.insecureSeeded(seed), sm.calibrationImages());
    Inputs in = inputs(sm, model, seed);
    int n = in.images().length;
    ctx.log(String.format(Locale.ROOT, "%s (%s weights, %d %s images at %dx%d)", sm.name(),
        sm.weights() == null ? "synthetic" : sm.weights().toString(), n, sm.data(), sm.size(), sm.size()));
    FloatInference fp = new FloatInference(model, weights);
    float[][] fpLogits = new float[n][];
    parallel(pool, n, i -> fpLogits[i] = fp.run(in.images()[i]));
    int[] fpTop = new int[n];
    int fpRight = 0;
    for (int i = 0; i < n; i++) {
      fpTop[i] = FloatInference.argmax(fpLogits[i]);
      fpRight += in.labels() != null && fpTop[i] == in.labels()[i] ? 1 : 0;
    }
    Double fpAccuracy = in.labels() == null ? null : fpRight / (double) n;
    ctx.log(fpAccuracy == null ? "fp32 done" : String.format(Locale.ROOT, "fp32 accuracy %.4f", fpAccuracy));
    BatchNormFolding.Folded folded = BatchNormFolding.fold(model, weights);
    int points = 0;
    for (long t : ringBits) {
      for (long f : fracBits) {
        points += t - f >= 5 ? 1 : 0;
      }
    }
    try (ProgressBar bar = ctx.progress(sm.name(), (long) points * protocols.size())) {
      for (String protocol : protocols) {
        for (long t : ringBits) {
          for (long f : fracBits) {
            if (t - f < 5) {
              continue;
            }
            FixedPointSpec spec = spec(protocol, (int) t, (int) f);
            FixedPointInference fx = new FixedPointInference(folded.model(), folded.weights(), spec);
            Outcome o = new Outcome(n);
            long pointSeed = seed * 31 + protocol.hashCode() * 1_000_003L + t * 101 + f;
            parallel(pool, n, i -> {
              Prg prg = Prg.insecureSeeded(pointSeed ^ (i * 0x9E3779B97F4A7C15L));
              TruncationErrors e = errorModel(prg);
              ReluDecisions d = spec.relu() == FixedPointSpec.Relu.EXACT ? ReluDecisions.exact() : ReluDecisions.shareLaw(prg.fork());
              FixedPointInference.Result r = fx.run(in.images()[i], e, d, null);
              o.record(i, r, fpLogits[i], fpTop[i], in.labels());
            });
            table.row(sm.name(), sm.data(), sm.weights() == null ? "synthetic" : sm.weights().toString(),
                protocol, t, f, (long) n, o.agree.get() / (double) n,
                in.labels() == null ? null : o.right.get() / (double) n, fpAccuracy,
                (long) o.overflowImages.get(), o.overflows(), o.firstOverflow(),
                o.errorRate(), o.meanAbsLogitError());
            bar.step();
          }
        }
      }
    }
  }

  private TruncationErrors errorModel(Prg prg) {
    return errors.equals("share")
        ? TruncationErrors.shareLaw(prg)
        : TruncationErrors.bernoulli(errorProbability, prg);
  }

  static FixedPointSpec spec(String protocol, int t, int f) {
    return switch (protocol) {
      case "jaguar-exact" -> FixedPointSpec.jaguar(t, f, FixedPointSpec.Truncation.EXACT);
      case "jaguar-private" -> FixedPointSpec.jaguar(t, f, FixedPointSpec.Truncation.PRIVATE);
      case "cheetah" -> FixedPointSpec.cheetah(t, f);
      case "jaguar-private-approx-relu" -> FixedPointSpec.jaguar(t, f, FixedPointSpec.Truncation.PRIVATE).withRelu(FixedPointSpec.Relu.APPROX, 3);
      case "cheetah-approx-relu" -> FixedPointSpec.cheetah(t, f).withRelu(FixedPointSpec.Relu.APPROX, 3);
      default -> throw new IllegalArgumentException("protocol " + protocol);
    };
  }

  private Inputs inputs(SweepModel sm, Model model, long seed) throws Exception {
    int c = model.input().channels();
    int h = model.input().height();
    int w = model.input().width();
    switch (sm.data()) {
      case "fashion-mnist": {
        FashionMnist test = FashionMnist.load(fashionMnist, "test");
        int n = Math.min(sm.images(), test.count());
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
          x[i] = test.image(i);
          y[i] = test.labels()[i];
        }
        return new Inputs(x, y);
      }
      case "synthetic": {
        Prg prg = Prg.insecureSeeded(seed + 77);
        float[][] x = new float[sm.images()][];
        for (int i = 0; i < x.length; i++) {
          x[i] = SyntheticImages.image(c, h, w, prg);
        }
        return new Inputs(x, null);
      }
      default: {
        Map<String, Tensor> t = Safetensors.read(Path.of(sm.data()));
        Tensor images = t.get("images");
        if (images == null || images.shape().length != 4 || images.shape()[1] != c
            || images.shape()[2] != h || images.shape()[3] != w) {
          throw new IllegalArgumentException(sm.data() + ": needs a tensor 'images' of shape [n, " + c
              + ", " + h + ", " + w + "]" + (images == null ? "" : ", got " + Tensor.show(images.shape())));
        }
        int n = Math.min(sm.images(), images.shape()[0]);
        int size = c * h * w;
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
          x[i] = java.util.Arrays.copyOfRange(images.data(), i * size, (i + 1) * size);
        }
        Tensor labels = t.get("labels");
        int[] y = null;
        if (labels != null) {
          y = new int[n];
          for (int i = 0; i < n; i++) {
            y[i] = Math.round(labels.data()[i]);
          }
        }
        return new Inputs(x, y);
      }
    }
  }

  /** Per-point tallies, filled from several threads. */
  private static final class Outcome {
    final AtomicInteger agree = new AtomicInteger();
    final AtomicInteger right = new AtomicInteger();
    final AtomicInteger overflowImages = new AtomicInteger();
    private final long[] overflow;
    private final String[] first;
    private final long[] errs;
    private final long[] outputs;
    private final double[] logitError;

    Outcome(int n) {
      overflow = new long[n];
      first = new String[n];
      errs = new long[n];
      outputs = new long[n];
      logitError = new double[n];
    }

    void record(int i, FixedPointInference.Result r, float[] fp, int fpTop, int[] labels) {
      agree.addAndGet(r.top1() == fpTop ? 1 : 0);
      right.addAndGet(labels != null && r.top1() == labels[i] ? 1 : 0);
      overflow[i] = r.overflows();
      overflowImages.addAndGet(r.overflows() > 0 ? 1 : 0);
      first[i] = r.firstOverflow();
      errs[i] = r.truncationErrors();
      long outs = 0;
      for (FixedPointInference.LayerReport l : r.layers()) {
        if (l.node() > 0 && !l.name().startsWith("add@")) {
          outs += l.outputs();
        }
      }
      outputs[i] = outs;
      double[] real = r.realLogits();
      double s = 0;
      for (int k = 0; k < real.length; k++) {
        s += Math.abs(real[k] - fp[k]);
      }
      logitError[i] = s / real.length;
    }

    long overflows() {
      long s = 0;
      for (long v : overflow) {
        s += v;
      }
      return s;
    }

    /** The first overflowing layer of the first image that overflowed, or "" if none did. */
    String firstOverflow() {
      for (String f : first) {
        if (f != null) {
          return f;
        }
      }
      return "";
    }

    double errorRate() {
      long e = 0;
      long o = 0;
      for (int i = 0; i < errs.length; i++) {
        e += errs[i];
        o += outputs[i];
      }
      return o == 0 ? 0 : e / (double) o;
    }

    double meanAbsLogitError() {
      double s = 0;
      for (double v : logitError) {
        s += v;
      }
      return s / logitError.length;
    }
  }

  /** Runs {@code body(i)} for i in [0, n) on the pool and waits; rethrows the first failure. */
  private static void parallel(ExecutorService pool, int n, IntBody body) throws Exception {
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(n, ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize());
    List<Future<?>> futures = new java.util.ArrayList<>();
    for (int k = 0; k < workers; k++) {
      futures.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
          body.accept(i);
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }
  }

  private interface IntBody {
    void accept(int i) throws Exception;
  }
}
