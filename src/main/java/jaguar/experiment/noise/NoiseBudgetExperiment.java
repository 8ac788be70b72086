package jaguar.experiment.noise;

import jaguar.protocol.NetworkLayer;
import jaguar.protocol.NetworkLayers;
import jaguar.conv.ConvShape;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.experiment.boundary.BoundaryProtocol;
import jaguar.experiment.boundary.ShareVerification;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import jaguar.share.CheetahBoundary;
import jaguar.share.CheetahNoiseBudget;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;
import jaguar.share.JaguarNoiseBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;

/** Runs {@code kind: noise-budget}; see {@link NoiseBudgetKind}. */
final class NoiseBudgetExperiment implements Experiment {
  private final NoiseBudgetSettings s;

  NoiseBudgetExperiment(NoiseBudgetSettings s) {
    this.s = s;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    long failures = 0;
    Pow2Params params = Pow2Spec.jaguar().withLogT(s.logT()).validate();
    Map<String, List<NetworkLayer>> networks = new LinkedHashMap<>();
    double worstSquares = 0;
    for (String m : s.models()) {
      ctx.log("loading " + m + (s.weightFiles().containsKey(m) ? " weights from " + s.weightFiles().get(m) : " with synthetic weights"));
      List<NetworkLayer> layers = NetworkLayers.load(m, s.export().f(), s.weightFiles().get(m), s.synthetic());
      networks.put(m, layers);
      for (NetworkLayer l : layers) {
        worstSquares = Math.max(worstSquares, l.maxChannelSquares());
      }
    }
    JaguarExportSpec spec = s.export();
    if (s.floodStrongest()) {
      int bits = JaguarNoiseBudget.strongestFloodBits(params, spec, worstSquares, s.kappa());
      ctx.log("strongest flooding the budget allows for the worst layer (2^-" + s.kappa() + " per output): " + bits + " bits");
      spec = spec.withFloodBits(bits);
    }
    JaguarBoundary boundary = spec.validate(params);
    JaguarNoiseBudget budget = boundary.budget();
    CheetahBoundary cheetah = CheetahBoundary.defaults(RnsSpec.cheetah().withLogT(s.cheetahEll()).validate());
    CheetahNoiseBudget cheetahBudget = cheetah.budget();
    RnsParams cp = cheetah.params();
    ctx.log("boundary: " + boundary);
    double h = JaguarNoiseBudget.expectedSecretWeight(params.degree());
    double hc = JaguarNoiseBudget.expectedSecretWeight(cp.degree());
    ResultTable rows = ResultTable.withColumns("layers",
        "model", "index", "layer", "type", "H", "W", "ci", "co", "k", "stride", "groups", "taps", "paper_layer",
        "weight_max_abs", "filter_l2_max_log2", "sigma_conv_log2", "sigma_rerandomisation_log2", "sigma_rounding_log2",
        "sigma_total_log2", "half_delta_log2", "flood_half_width_log2", "worst_case_log2", "worst_case_holds",
        "margin_bits", "conv_only_margin_bits", "sigma_margin_bits", "log2_failure_probability", "cheetah_export_margin_bits",
        "cheetah_conv_worst_case_margin_bits", "measured", "measured_shape", "measured_outputs",
        "measured_max_abs_log2", "measured_p99_log2", "measured_rms_log2", "predicted_rms_log2",
        "measured_margin_bits", "measured_margin_at_target_bits", "measured_mismatches", "measured_one_less");
    ResultTable histogram = ResultTable.withColumns("noise_histogram", "model", "index", "layer", "log2_abs_error_low", "count");
    ResultTable summary = ResultTable.withColumns("summary",
        "model", "layers", "worst_index", "worst_layer", "worst_taps", "worst_margin_bits", "worst_log2_failure_probability",
        "paper_layers", "paper_layer_margins", "measured_layers", "worst_measured_margin_bits", "measured_mismatches",
        "T", "f", "truncation", "c0_bits", "c1_bits", "flood_bits", "kappa");
    int total = networks.values().stream().mapToInt(List::size).sum();
    Prg prg = Prg.insecureSeeded(ctx.seed());
    double halfDelta = budget.halfDelta();
    try (ProgressBar bar = ctx.progress("layers", total)) {
      for (Map.Entry<String, List<NetworkLayer>> e : networks.entrySet()) {
        String model = e.getKey();
        NetworkLayer worst = null;
        double worstMargin = Double.POSITIVE_INFINITY;
        for (NetworkLayer l : e.getValue()) {
          double m = budget.marginBits(budget.sigma(l.maxChannelSquares(), h), s.kappa());
          if (m < worstMargin) {
            worstMargin = m;
            worst = l;
          }
        }
        double worstMeasured = Double.POSITIVE_INFINITY;
        int measuredLayers = 0;
        long mismatches = 0;
        List<String> paperMargins = new ArrayList<>();
        for (NetworkLayer l : e.getValue()) {
          ConvShape sh = l.shape();
          double squares = l.maxChannelSquares();
          double sigma = budget.sigma(squares, h);
          double margin = budget.marginBits(sigma, s.kappa());
          boolean paper = NoiseBudgetSettings.highlighted(model, l.index());
          if (paper) {
            paperMargins.add(l.index() + ":" + String.format("%.2f", margin));
          }
          double absSum = l.maxChannelAbsSum();
          double cheetahSigma = cheetahBudget.sigma(squares, hc);
          double t = Math.scalb(1.0, cp.logT());
          double cheetahConvWorst = Math.log(cp.q().doubleValue() / (2 * t) / ((JaguarNoiseBudget.NOISE_BOUND + t) * Math.max(1, absSum))) / Math.log(2);
          Object[] measured = new Object[11];
          measured[0] = false;
          if (s.measured(model, l.index(), worst.index())) {
            ConvShape reduced = reduced(sh);
            int channels = s.channels() == 0 ? sh.co() : Math.min(s.channels(), sh.co());
            long[] input = new long[reduced.inputSize()];
            prg.fillBits(input, s.logT());
            ShareVerification.Result r = ShareVerification.run(reduced, input, l.weights(),
                new ShareVerification.Settings(BoundaryProtocol.JAGUAR, s.logT(), spec.f(), spec.truncation(), channels, prg.nextLong()),
                spec, prg.fork());
            measuredLayers++;
            mismatches += r.mismatches();
            failures += r.mismatches();
            worstMeasured = Math.min(worstMeasured, r.minMarginBits());
            measured = new Object[] {true, reduced.h() + "x" + reduced.w() + " x" + channels + " channels", r.outputs(),
              log2(r.maxAbsNoise()), log2(r.noiseQuantiles()[2]), log2(r.rmsNoise()), log2(r.predictedRmsNoise()),
              r.minMarginBits(), margin + log2(r.predictedRmsNoise() / r.rmsNoise()), r.mismatches(), r.oneLess()};
            long[] hist = r.noiseHistogram();
            for (int b = 0; b < hist.length; b++) {
              if (hist[b] > 0) {
                histogram.row(model, l.index(), l.name(), b / 2.0, hist[b]);
              }
            }
          }
          rows.row(model, l.index(), l.name(), sh.type().label(), sh.h(), sh.w(), sh.ci(), sh.co(), sh.k(), sh.stride(),
              sh.groups(), l.taps(), paper, l.maxAbsWeight(), log2(Math.sqrt(squares)),
              log2(Math.sqrt(JaguarNoiseBudget.convolutionVariance(squares))),
              log2(Math.sqrt(budget.rerandomisationVariance(h))), log2(Math.sqrt(budget.roundingVariance(h))),
              log2(sigma), log2(halfDelta), log2(halfDelta - budget.budgetAfterFlood()), log2(budget.worstCase(absSum)),
              budget.worstCaseHolds(absSum), margin,
              budget.marginBits(Math.sqrt(JaguarNoiseBudget.convolutionVariance(squares)), s.kappa()), budget.sigmaMarginBits(sigma), budget.log2FailureProbability(sigma),
              cheetahBudget.marginBits(cheetahSigma, s.kappa()), cheetahConvWorst,
              measured[0], measured[1], measured[2], measured[3], measured[4], measured[5], measured[6], measured[7],
              measured[8], measured[9], measured[10]);
          bar.step();
        }
        ctx.log(String.format("%s: worst layer %d (%s, %d taps): margin %.2f bits at 2^-%.0f, failure probability 2^%.0f per output%s",
            model, worst.index(), worst.name(), worst.taps(), worstMargin, s.kappa(),
            budget.log2FailureProbability(budget.sigma(worst.maxChannelSquares(), h)),
            measuredLayers > 0 ? String.format("; measured on %d layers, smallest margin %.2f bits, %d mismatches", measuredLayers, worstMeasured, mismatches) : ""));
        summary.row(model, e.getValue().size(), worst.index(), worst.name(), worst.taps(), worstMargin,
            budget.log2FailureProbability(budget.sigma(worst.maxChannelSquares(), h)),
            String.join(" ", NoiseBudgetSettings.PAPER_LAYERS.getOrDefault(model, List.of()).stream().map(String::valueOf).toList()),
            String.join(" ", paperMargins), measuredLayers, measuredLayers > 0 ? worstMeasured : null, mismatches,
            s.logT(), spec.f(), spec.truncation().label(), boundary.c0Bits(), boundary.c1Bits(), boundary.floodBits(), s.kappa());
      }
    }
    ctx.write("layers.csv", rows);
    ctx.write("noise_histogram.csv", histogram);
    ctx.write("summary.csv", summary);
    if (failures > 0) { // the staging directory is discarded: earlier results stay
      throw new IllegalStateException("noise-budget: " + failures + " exported values came back outside what the"
          + " truncation promises (decryption failures); see the run's log");
    }
  }

  /** The layer on an input of at most maxSize x maxSize (never below what its kernel needs). */
  private ConvShape reduced(ConvShape sh) {
    int min = Math.max(1, sh.k() - 2 * sh.pad());
    int h = Math.max(min, Math.min(sh.h(), s.maxSize()));
    int w = Math.max(min, Math.min(sh.w(), s.maxSize()));
    return new ConvShape(h, w, sh.ci(), sh.co(), sh.k(), sh.stride(), sh.pad(), sh.groups());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
