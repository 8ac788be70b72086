package jaguar.experiment.security;

import jaguar.conv.ConvShape;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.protocol.NetworkLayer;
import jaguar.protocol.NetworkLayers;
import jaguar.he.HeStandard;
import jaguar.he.SecurityLevel;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import jaguar.mpc.ot.FerretParameters;
import jaguar.mpc.ot.LpnParameters;
import jaguar.mpc.ot.OtKind;
import jaguar.mpc.ot.lpn.LpnEstimator;
import jaguar.share.CheetahBoundary;
import jaguar.share.CheetahNoiseBudget;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;
import jaguar.share.JaguarNoiseBudget;
import jaguar.share.TruncationMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs {@code kind: security}; see {@link SecurityKind}. */
final class SecurityExperiment implements Experiment {
  private final SecuritySettings s;

  SecurityExperiment(SecuritySettings s) {
    this.s = s;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    ctx.write("he_standard.csv", heStandardTable());
    ctx.write("lpn_security.csv", lpnTable(ctx));
    Set<String> models = new LinkedHashSet<>();
    s.c1Layers().forEach(r -> models.add(r.model()));
    s.lowBitsLayers().forEach(r -> models.add(r.model()));
    models.add(s.noiseLayer().model());
    Map<String, List<NetworkLayer>> networks = new HashMap<>();
    for (String m : models) {
      ctx.log("loading " + m + " (synthetic weights, batch norm folded, f = " + s.f() + ")");
      networks.put(m, NetworkLayers.load(m, s.f(), null, s.synthetic()));
    }
    Prg prg = Prg.insecureSeeded(ctx.seed());
    ResultTable attacks = ResultTable.withColumns("attacks",
        "attack", "layer", "run_shape", "setting", "channel", "unknowns", "equations", "lattice_dimension",
        "succeeded", "weights_correct", "consistent", "seconds");
    JaguarExportSpec defaults = JaguarExportSpec.defaults(s.f());
    for (LayerRef ref : s.c1Layers()) {
      NetworkLayer l = ref.find(networks.get(ref.model()));
      ConvShape shape = reduced(l.shape(), s.attackSize(), s.c1Channels());
      long[] weights = java.util.Arrays.copyOf(l.weights(), shape.co() * l.taps());
      long bound = 1L << (s.f() + 4); // the attacker assumes |w| < 16 in real terms
      for (boolean rerandomise : new boolean[] {false, true}) {
        JaguarExportSpec spec = rerandomise ? defaults : defaults.withRerandomise(false).withInsecure(true);
        ClientView v = ClientView.run(shape, image(shape, prg), weights, s.logT(), spec, prg.fork());
        for (int m = 0; m < shape.co(); m++) {
          C1Attack.Outcome o = C1Attack.run(v, m, bound);
          int correct = o.succeeded() ? countEqual(o.recovered(), weights, m * l.taps(), 0) : 0;
          attacks.row("c1 lattice (spec 6.1)", l.model() + "/" + l.index() + " " + l.name(), describe(shape),
              rerandomise ? "defaults (re-randomised)" : "insecure_no_rerandomisation", m, o.unknowns(), o.equations(),
              o.latticeDimension(), o.succeeded(), correct, null, o.seconds());
          ctx.log(String.format("c1 attack on %s channel %d, %s: %s", ref, m,
              rerandomise ? "re-randomised" : "NOT re-randomised", o.succeeded() ? "weights recovered exactly" : "nothing recovered"));
        }
      }
    }
    for (LayerRef ref : s.lowBitsLayers()) {
      NetworkLayer l = ref.find(networks.get(ref.model()));
      ConvShape shape = reduced(l.shape(), s.lowBitsSize(), s.lowBitsChannels());
      long[] weights = java.util.Arrays.copyOf(l.weights(), shape.co() * l.taps());
      long[] input = image(shape, prg);
      for (TruncationMode mode : TruncationMode.values()) {
        long t0 = System.nanoTime();
        ClientView v = ClientView.run(shape, input, weights, s.logT(), defaults.withTruncation(mode), prg.fork());
        for (int m = 0; m < shape.co(); m++) {
          LowBitsAttack.Outcome o = LowBitsAttack.run(v, m);
          attacks.row("low bits mod 2^f (spec 6.2)", l.model() + "/" + l.index() + " " + l.name(), describe(shape),
              "truncation " + mode.label(), m, o.unknowns(), o.equations(), null, o.succeeded(), o.correct(),
              o.consistent(), (System.nanoTime() - t0) / 1e9);
          ctx.log(String.format("low-bits attack on %s channel %d, %s truncation: %d of %d weights right mod 2^%d%s",
              ref, m, mode.label(), o.correct(), o.unknowns(), s.f(), o.consistent() ? "" : " (no solution: equations inconsistent)"));
        }
      }
    }
    ctx.write("attacks.csv", attacks);
    noiseLeakage(ctx, networks, prg);
  }

  /** The decrypted-noise leak: analytic per setting, and the regression attack over inferences. */
  private void noiseLeakage(RunContext ctx, Map<String, List<NetworkLayer>> networks, Prg prg) {
    Pow2Params params = Pow2Spec.jaguar().withLogT(s.logT()).validate();
    NetworkLayer l = s.noiseLayer().find(networks.get(s.noiseLayer().model()));
    double worstSquares = 0;
    for (List<NetworkLayer> layers : networks.values()) {
      for (NetworkLayer x : layers) {
        worstSquares = Math.max(worstSquares, x.maxChannelSquares());
      }
    }
    JaguarExportSpec defaults = JaguarExportSpec.defaults(s.f());
    JaguarExportSpec exact = defaults.withTruncation(TruncationMode.EXACT);
    int flood = JaguarNoiseBudget.strongestFloodBits(params, exact, worstSquares, s.kappa());
    ctx.log("strongest flooding the budget allows (worst layer of " + networks.keySet() + ", 2^-" + s.kappa()
        + " per output): " + flood + " bits");
    record Setting(String protocol, String name, JaguarExportSpec spec) {}
    List<Setting> settings = List.of(
        new Setting("jaguar", "private truncation (default)", defaults),
        new Setting("jaguar", "exact truncation", exact),
        new Setting("jaguar", "exact truncation + strongest flooding (" + flood + " bits)", exact.withFloodBits(flood)));
    ConvShape shape = reduced(l.shape(), s.attackSize(), 1);
    long[] weights = java.util.Arrays.copyOf(l.weights(), l.taps());
    double signal = Math.sqrt(JaguarNoiseBudget.convolutionVariance(l.channelSquares(0)));
    double h = JaguarNoiseBudget.expectedSecretWeight(params.degree());
    int maxK = s.inferences().stream().mapToInt(Integer::intValue).max().orElse(1);
    ResultTable attack = ResultTable.withColumns("noise_attack",
        "layer", "run_shape", "setting", "inferences", "outputs", "unknowns", "relative_error", "correlation");
    ResultTable leakage = ResultTable.withColumns("leakage",
        "protocol", "setting", "client_sees", "signal_sigma_log2", "hidden_sigma_log2", "flood_bits",
        "mutual_information_bits_per_output", "statistical_distance_per_output", "low_bits_visible",
        "regression_relative_error", "regression_inferences", "note");
    String layerName = l.model() + "/" + l.index() + " " + l.name();
    for (Setting st : settings) {
      List<ClientView> views = new ArrayList<>();
      for (int k = 0; k < maxK; k++) {
        views.add(ClientView.run(shape, image(shape, prg), weights, s.logT(), st.spec(), prg.fork()));
      }
      double lastError = Double.NaN;
      for (int k : s.inferences()) {
        NoiseRegressionAttack.Outcome o = NoiseRegressionAttack.run(views.subList(0, k), 0);
        attack.row(layerName, describe(shape), st.name(), k, o.equations(), o.unknowns(), o.relativeError(), o.correlation());
        lastError = o.relativeError();
      }
      JaguarBoundary b = st.spec().validate(params);
      JaguarNoiseBudget budget = b.budget();
      boolean priv = b.truncation() == TruncationMode.PRIVATE;
      double hidden = Math.sqrt(budget.rerandomisationVariance(h) + budget.roundingVariance(h));
      double width = b.floodBits() == 0 ? 0 : Math.scalb(1.0, b.floodBits());
      leakage.row(st.protocol(), st.name(),
          priv ? "its share and uniform bits: the whole phase is masked" : "its share, m mod 2^f and E = e_conv + e_rr + F - L",
          log2(signal), priv ? null : log2(hidden), b.floodBits(),
          priv ? 0.0 : LeakageEstimate.mutualInformationBits(signal, hidden, width),
          priv ? 0.0 : LeakageEstimate.statisticalDistance(signal, hidden, width),
          priv ? 0 : s.f(), lastError, maxK,
          priv ? "client view uniform given its share (mask R uniform mod q)" : "e_conv is linear in the weights with coefficients the client knows");
      ctx.log(String.format("noise attack, %s: relative error of the fitted weights after %d inferences %.3f", st.name(), maxK, lastError));
    }
    leakage.row("jaguar", "no re-randomisation (insecure)", "c1 = sum w X^k a: a known linear function of the weights",
        log2(signal), null, 0, null, null, 0, null, null, "the c1 lattice attack recovers filters exactly (attacks.csv)");
    CheetahBoundary cb = CheetahBoundary.defaults(RnsSpec.cheetah().withLogT(37).validate());
    CheetahNoiseBudget cnb = cb.budget();
    double hc = JaguarNoiseBudget.expectedSecretWeight(cb.params().degree());
    double p1 = cb.switchDivisor().doubleValue();
    double cheetahSignal = signal / p1;
    double cheetahHidden = cnb.sigma(0, hc);
    double cheetahWidth = 2 * cnb.floodHalfWidth();
    leakage.row("cheetah", "OpenCheetah export (flood " + cb.floodBits() + " bits, switch to p0, encryption of zero)",
        "m - r mod t and the decryption residual: e_conv / p1 + flood + rounding", log2(cheetahSignal), log2(cheetahHidden),
        cb.floodBits(), LeakageEstimate.mutualInformationBits(cheetahSignal, cheetahHidden, cheetahWidth),
        LeakageEstimate.statisticalDistance(cheetahSignal, cheetahHidden, cheetahWidth), 0, null, null,
        "the switch divides e_conv by p1 = " + String.format("2^%.1f", log2(p1)) + " before the client sees it (analytic; not measured)");
    leakage.row("cheetah", "approximate resharing (OpenCheetah's default build; not built here)",
        "its share of m, 1 LSB off about 12.5 % of the time: the mask is uniform mod q", log2(cheetahSignal), null, 0, 0.0, 0.0,
        0, null, null, "analytic: the phase is masked in full, as in Jaguar's private mode");
    ctx.write("noise_attack.csv", attack);
    ctx.write("leakage.csv", leakage);
  }

  /**
   * Every Ferret parameter set's LPN instances (bootstrap and main iteration) under every attack of
   * {@link LpnEstimator}: the estimates behind the security claims of {@code FerretParameters}.
   */
  private static ResultTable lpnTable(RunContext ctx) {
    ResultTable t = ResultTable.withColumns("lpn_security",
        "ot", "iteration", "n", "k", "t", "attack", "bits", "cheapest", "source", "seconds");
    for (OtKind kind : OtKind.values()) {
      if (!kind.isFerret()) {
        continue;
      }
      FerretParameters f = kind.ferret();
      for (LpnParameters p : List.of(f.bootstrap(), f.main())) {
        long t0 = System.nanoTime();
        List<LpnEstimator.Estimate> all = LpnEstimator.regularBinary(p.n(), p.k(), p.t());
        double seconds = (System.nanoTime() - t0) / 1e9;
        String iteration = p == f.bootstrap() ? "bootstrap" : "main";
        for (LpnEstimator.Estimate e : all) {
          t.row(kind.id(), iteration, p.n(), p.k(), p.t(), e.attack(), e.bits(), e == all.get(0), e.source(), seconds);
        }
        ctx.log(String.format("LPN %s %s (n=%d k=%d t=%d): %.1f bits (%s), %.1f s", kind.id(), iteration, p.n(), p.k(), p.t(),
            all.get(0).bits(), all.get(0).attack(), seconds));
      }
    }
    return t;
  }

  private ResultTable heStandardTable() {
    ResultTable t = ResultTable.withColumns("he_standard",
        "set", "source", "N", "log_q", "max_log_q_128_classical", "max_log_q_192_classical", "max_log_q_256_classical",
        "max_log_q_128_quantum", "max_log_q_192_quantum", "max_log_q_256_quantum", "classical_level", "quantum_level",
        "secure_128_classical", "statement");
    List<SecuritySettings.ParameterSet> sets = new ArrayList<>(List.of(
        new SecuritySettings.ParameterSet("jaguar", 2048, 54, false),
        new SecuritySettings.ParameterSet("cheetah (this project: primes of 60 + 49 bits)", 4096, RnsSpec.cheetah().logQ(), false),
        new SecuritySettings.ParameterSet("opencheetah ell=37 ciphertexts (49 + 49 bits)", 4096, 98, false),
        new SecuritySettings.ParameterSet("opencheetah ell=37 keys (49 + 49 + 20-bit special prime)", 4096, 118, true)));
    int presets = sets.size();
    sets.addAll(s.parameterSets());
    for (int i = 0; i < sets.size(); i++) {
      SecuritySettings.ParameterSet p = sets.get(i);
      int[] max = new int[6];
      SecurityLevel[] levels = SecurityLevel.values();
      for (int k = 0; k < 6; k++) {
        max[k] = HeStandard.maxLogQ(p.n(), levels[k]);
      }
      String classical = level(p.n(), p.logQ(), 0);
      String quantum = level(p.n(), p.logQ(), 3);
      boolean secure = max[0] > 0 && p.logQ() <= max[0];
      t.row(p.name(), i < presets ? "preset" : "config", p.n(), p.logQ(), max[0], max[1], max[2], max[3], max[4], max[5],
          classical, quantum, secure, statement(p, i < presets, max, secure, classical, quantum));
    }
    return t;
  }

  /** The strongest level of the table's classical (from 0) or quantum (from 3) rows the set meets. */
  private static String level(int n, int logQ, int from) {
    String best = "below 128-bit";
    SecurityLevel[] levels = SecurityLevel.values();
    for (int k = from; k < from + 3; k++) {
      int max = HeStandard.maxLogQ(n, levels[k]);
      if (max > 0 && logQ <= max) {
        best = levels[k].toString();
      }
    }
    return HeStandard.maxLogQ(n, levels[from]) == 0 ? "not in the table" : best;
  }

  private static String statement(
      SecuritySettings.ParameterSet p, boolean preset, int[] max, boolean secure, String classical, String quantum) {
    if (max[0] == 0) {
      return "N = " + p.n() + " is not in the HE standard's table: no claim" + (p.insecure() ? " (allowed: insecure: true)" : "");
    }
    String s = "N = " + p.n() + ", log q = " + p.logQ() + ": " + classical + " (128-bit classical allows log q <= " + max[0]
        + "); post-quantum: " + quantum + " (128-bit allows <= " + max[3] + ")";
    if (!secure) {
      s += "; BELOW the 128-bit classical target" + (!preset && p.insecure() ? " (allowed because the set says insecure: true)" : "");
    }
    if (p.name().startsWith("opencheetah ell=37 keys")) {
      s += "; SEAL makes the public key at the key level (all three primes), and OpenCheetah sends it; OpenCheetah"
          + " builds its context with sec_level_type::none, so SEAL's check does not stop it";
    }
    return s;
  }

  /** The layer on a size x size input (at least what its kernel needs) with its first channels. */
  static ConvShape reduced(ConvShape sh, int size, int channels) {
    int min = Math.max(1, sh.k() - 2 * sh.pad());
    int h = Math.max(min, Math.min(sh.h(), size));
    int w = Math.max(min, Math.min(sh.w(), size));
    int groups = sh.groups();
    int ci = sh.ci();
    int co = Math.min(sh.co(), channels);
    if (groups > 1) { // keep whole groups: the first co groups
      int cpg = sh.channelsPerGroup();
      int opg = sh.outputsPerGroup();
      int g = Math.max(1, Math.min(groups, (co + opg - 1) / opg));
      groups = g;
      ci = g * cpg;
      co = g * opg;
    }
    return new ConvShape(h, w, ci, co, sh.k(), sh.stride(), sh.pad(), groups);
  }

  /** An image at scale 2^f with values in [-1, 1): what a client's first-layer input looks like. */
  private long[] image(ConvShape shape, Prg prg) {
    long[] x = new long[shape.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = prg.nextLong(2L << s.f()) - (1L << s.f());
    }
    return x;
  }

  private static int countEqual(long[] recovered, long[] weights, int from, int unused) {
    int c = 0;
    for (int i = 0; i < recovered.length; i++) {
      c += recovered[i] == weights[from + i] ? 1 : 0;
    }
    return c;
  }

  private static String describe(ConvShape s) {
    return s.ci() + "x" + s.h() + "x" + s.w() + " -> " + s.co() + " k" + s.k() + " s" + s.stride() + " g" + s.groups();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
