package jaguar.experiment.endtoend;

import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.net.NetworkProfile;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.FashionMnist;
import jaguar.nn.FixedPointInference;
import jaguar.nn.FixedPointSpec;
import jaguar.nn.FloatInference;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.Node;
import jaguar.nn.TruncationErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tailored-nets experiment: the trained Fashion-MNIST models, reference and HE-tailored, run
 * end to end under every protocol variant (the end-to-end experiment, its files written beside
 * ours: every image checked bit for bit), then each model's accuracy (FP32 on the test set; the
 * fixed-point reference of each protocol's ring, and FP32 beside it, on its first images), its size (parameters,
 * MACs, ReLUs, cross convolutions) and, per protocol, its online time, bytes and server convolution
 * kernel time beside the baseline model's: {@code tailored.csv}; and per pair of a Jaguar variant
 * and a baseline variant the ratio of their gains over the baseline model: {@code gains.csv}.
 */
final class TailoredNetsExperiment implements Experiment {
  private final EndToEndSettings settings;
  private final String baseline;
  private final int accuracyImages;
  private final int referenceImages;

  TailoredNetsExperiment(EndToEndSettings settings, String baseline, int accuracyImages, int referenceImages) {
    this.settings = settings;
    this.baseline = baseline;
    this.accuracyImages = accuracyImages;
    this.referenceImages = referenceImages;
  }

  /** What one model is: its size, its accuracies (FP32, and per protocol variant its fixed point's). */
  private record Facts(long params, long macs, long relus, int crossConvs, int convs, double top1Fp32,
      double top1Fp32First, Map<Variant, Double> top1FixedPoint) {}

  @Override
  public void run(RunContext ctx) throws Exception {
    new EndToEndExperiment(settings).run(ctx);
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    if (accuracyImages > test.count() || referenceImages > test.count()) {
      throw new IllegalArgumentException("accuracy_images / reference_images: " + accuracyImages + " / " + referenceImages
          + " asked, the Fashion-MNIST test set has " + test.count());
    }
    Map<String, Facts> facts = new LinkedHashMap<>();
    for (String name : settings.models()) {
      Facts f = facts(name, test);
      facts.put(name, f);
      ctx.log(String.format(Locale.ROOT, "%s: %,d parameters, %,d MACs, %,d ReLUs, %d of %d convolutions cross; FP32 top-1 %.2f %% (%d images)",
          name, f.params, f.macs, f.relus, f.crossConvs, f.convs, 100 * f.top1Fp32, accuracyImages));
    }
    List<Map<String, String>> rows = read(ctx.file("end_to_end.csv"));
    List<Map<String, String>> breakdown = read(ctx.file("breakdown.csv"));
    ResultTable t = ResultTable.withColumns("tailored", "model", "protocol", "network", "params", "macs", "relus",
        "cross_convs", "convs", "top1_fp32", "accuracy_images", "top1_fp32_first", "top1_fixed_point", "reference_images", "images", "online_s",
        "comm_mib", "server_conv_kernel_s", "server_relu_s", "gain_online", "gain_comm", "gain_conv_kernel");
    ResultTable g = ResultTable.withColumns("gains", "model", "network", "jaguar", "baseline", "jaguar_online_s",
        "baseline_online_s", "jaguar_over_baseline", "jaguar_gain", "baseline_gain", "gain_ratio", "jaguar_kernel_gain",
        "baseline_kernel_gain", "kernel_gain_ratio");
    for (NetworkProfile net : settings.networks()) {
      Map<String, Measured> cells = new HashMap<>();
      for (String model : settings.models()) {
        for (Variant v : settings.variants()) {
          cells.put(model + "|" + v.label(), measured(rows, breakdown, model, v, net.name()));
        }
      }
      java.util.function.BiFunction<String, Variant, Measured> at = (model, v) -> cells.get(model + "|" + v.label());
      for (String model : settings.models()) {
        Facts f = facts.get(model);
        for (Variant v : settings.variants()) {
          Measured m = at.apply(model, v);
          Measured b = at.apply(baseline, v);
          t.row(model, v.label(), net.name(), f.params, f.macs, f.relus, (long) f.crossConvs, (long) f.convs, f.top1Fp32,
              (long) accuracyImages, f.top1Fp32First, f.top1FixedPoint.get(v), (long) referenceImages, (long) m.images(),
              m.online(), m.mib(), m.kernel(), m.relu(), b.online() / m.online(), b.mib() / m.mib(), b.kernel() / m.kernel());
        }
        for (Variant j : settings.variants()) {
          for (Variant c : settings.variants()) {
            if (j.baseline() || !c.baseline()) {
              continue;
            }
            Measured jm = at.apply(model, j);
            Measured cm = at.apply(model, c);
            double jg = at.apply(baseline, j).online() / jm.online();
            double cg = at.apply(baseline, c).online() / cm.online();
            double jk = at.apply(baseline, j).kernel() / jm.kernel();
            double ck = at.apply(baseline, c).kernel() / cm.kernel();
            g.row(model, net.name(), j.label(), c.label(), jm.online(), cm.online(), cm.online() / jm.online(), jg, cg, jg / cg,
                jk, ck, jk / ck);
          }
        }
      }
    }
    ctx.write("tailored.csv", t);
    ctx.write("gains.csv", g);
  }

  /** Size and accuracy of one trained model; refuses a model without its trained weights. */
  private Facts facts(String name, FashionMnist test) {
    NetworkWeights.Loaded w = NetworkWeights.load(name, null, settings.synthetic());
    if (w.origin().startsWith("synthetic")) {
      throw new IllegalStateException("model " + name + ": no trained weights in " + NetworkWeights.modelsDir()
          + "; train it first (bin/jaguar train --model " + name + " --out models): accuracy needs trained weights");
    }
    Model model = ModelZoo.get(name);
    long relus = 0;
    int cross = 0;
    int convs = 0;
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Activation) {
        relus += n.size();
      } else if (n.layer() instanceof Layer.Conv c) {
        convs++;
        cross += c.cross() ? 1 : 0;
      }
    }
    BatchNormFolding.Folded folded = BatchNormFolding.fold(model, w.weights());
    FloatInference fp = new FloatInference(folded.model(), folded.weights());
    int correct = 0;
    int correctFirst = 0; // on the images the fixed point is measured on
    for (int i = 0; i < Math.max(accuracyImages, referenceImages); i++) {
      int hit = FloatInference.argmax(fp.run(test.image(i))) == test.labels()[i] ? 1 : 0;
      correct += i < accuracyImages ? hit : 0;
      correctFirst += i < referenceImages ? hit : 0;
    }
    Map<Variant, Double> fixed = new LinkedHashMap<>();
    Map<FixedPointSpec, Double> bySpec = new LinkedHashMap<>();
    for (Variant v : settings.variants()) {
      FixedPointSpec spec = v.config(settings.relu()).fixedPoint();
      fixed.put(v, bySpec.computeIfAbsent(spec, s -> fixedPointTop1(folded, s, test)));
    }
    return new Facts(model.parameterCount(), model.macs(), relus, cross, convs, correct / (double) accuracyImages,
        correctFirst / (double) referenceImages, fixed);
  }

  /** Top-1 of the fixed-point reference (exact truncation, no borrows) on the first images. */
  private double fixedPointTop1(BatchNormFolding.Folded folded, FixedPointSpec spec, FashionMnist test) {
    FixedPointInference f = new FixedPointInference(folded.model(), folded.weights(), spec);
    int correct = 0;
    for (int i = 0; i < referenceImages; i++) {
      correct += f.run(test.image(i), TruncationErrors.none()).top1() == test.labels()[i] ? 1 : 0;
    }
    return correct / (double) referenceImages;
  }

  /**
   * Mean online s and MiB per image, the server's convolution-kernel and ReLU s per image, and the
   * image count of one (model, variant, network) over the run's sessions.
   */
  private record Measured(double online, double mib, double kernel, double relu, int images) {}

  private static Measured measured(List<Map<String, String>> rows, List<Map<String, String>> breakdown, String model,
      Variant v, String network) {
    double online = 0;
    double mib = 0;
    int n = 0;
    for (Map<String, String> r : rows) {
      if (r.get("model").equals(model) && r.get("protocol").equals(v.label()) && r.get("network").equals(network)) {
        online += Double.parseDouble(r.get("online_s"));
        mib += Double.parseDouble(r.get("comm_mib"));
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("the end-to-end run has no session of " + model + " " + v.label() + " " + network);
    }
    for (Map<String, String> r : breakdown) {
      if (r.get("model").equals(model) && r.get("protocol").equals(v.label()) && r.get("network").equals(network)
          && r.get("party").equals("server")) {
        return new Measured(online / n, mib / n, Double.parseDouble(r.get("conv_kernel_s")), Double.parseDouble(r.get("relu_s")), n);
      }
    }
    throw new IllegalStateException("the end-to-end run has no server breakdown of " + model + " " + v.label() + " " + network);
  }

  private static List<Map<String, String>> read(Path csv) throws java.io.IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    return EndToEndTables.parse(lines.get(0), lines.subList(1, lines.size()));
  }
}
