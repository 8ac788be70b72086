package jaguar.cli;

import jaguar.protocol.NetworkLayer;
import jaguar.protocol.NetworkLayers;
import jaguar.he.HeStandard;
import jaguar.he.ParameterException;
import jaguar.he.SecurityLevel;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;
import jaguar.share.JaguarNoiseBudget;
import jaguar.share.TruncationMode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaguar params check}: is a power-of-two BFV set (N, q = 2^logq, t = 2^T) with f-bit
 * truncation secure (HE standard) and correct (the export's failure probability per output for
 * the worst accumulation)? Exit 0 if both, 3 if insecure, 4 if the noise bound fails, 2 on bad
 * options; the last line gives the reason.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a Jaguar parameter set: its security level (HE standard, classical and post-quantum) and the"
          + " noise margin of the HE-to-share boundary for the worst accumulation.",
      "Exit 0: secure and correct; 3: insecure; 4: the noise bound fails; 2: bad options."
    })
final class ParamsCheckCommand implements Callable<Integer> {
  static final int INSECURE = 3;
  static final int NOISE = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--N", defaultValue = "2048", description = "ring degree, a power of two (default ${DEFAULT-VALUE})") int n;
  @Option(names = "--logq", defaultValue = "54", description = "q = 2^logq (default ${DEFAULT-VALUE})") int logQ;
  @Option(names = "--T", defaultValue = "32", description = "plaintext modulus t = 2^T (default ${DEFAULT-VALUE})") int logT;
  @Option(names = "--f", defaultValue = "12", description = "fixed-point bits truncated under HE (default ${DEFAULT-VALUE})") int f;

  @Option(names = "--accumulation",
      description = "L2 norm of the worst filter's real-valued weights, sqrt(sum w^2) (its noise is 3.2 * that * 2^f);"
          + " default: the noisiest filter of ResNet-18/50 and MobileNetV2 with synthetic batch-norm-folded weights")
  Double accumulation;

  @Option(names = "--accumulation-l1",
      description = "L1 norm sum |w| of that filter, for the worst-case bound (default: the same layer's, or"
          + " sqrt(taps) * accumulation with --taps)")
  Double accumulationL1;

  @Option(names = "--taps", description = "taps of that filter, for the default L1 norm (default 4608, the largest of the three networks)")
  Integer taps;

  @Option(names = "--kappa", defaultValue = "40",
      description = "correct means P(failure) <= 2^-kappa per output (default ${DEFAULT-VALUE})")
  double kappa;

  @Option(names = "--truncation", defaultValue = "private", description = "private or exact (same noise bound)")
  String truncation;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (n < 2 || n > (1 << 16) || Integer.bitCount(n) != 1) {
      throw new BadInputException("--N", n, "a power of two in 2..65536");
    }
    if (logQ < 2 || logQ > 64) {
      throw new BadInputException("--logq", logQ, "2..64");
    }
    if (logT < 1 || logT >= logQ) {
      throw new BadInputException("--T", logT, "1.." + (logQ - 1) + " (below log q)");
    }
    if (f < 0 || f >= logT) {
      throw new BadInputException("--f", f, "0.." + (logT - 1) + " (below T)");
    }
    if (!(kappa >= 1 && kappa <= 1000)) {
      throw new BadInputException("--kappa", kappa, "1..1000");
    }
    if (accumulation != null && !(accumulation > 0)) {
      throw new BadInputException("--accumulation", accumulation, "a positive L2 norm");
    }
    if (accumulationL1 != null && !(accumulationL1 > 0)) {
      throw new BadInputException("--accumulation-l1", accumulationL1, "a positive L1 norm");
    }
    if (taps != null && taps < 1) {
      throw new BadInputException("--taps", taps, "a positive count");
    }
    TruncationMode mode;
    try {
      mode = TruncationMode.parse(truncation);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
    int logN = Integer.numberOfTrailingZeros(n);
    Pow2Params params;
    JaguarBoundary boundary;
    try {
      params = new Pow2Spec(logN, logQ, logT, true).validate();
      boundary = JaguarExportSpec.defaults(f).withTruncation(mode).validate(params);
    } catch (ParameterException e) {
      throw new BadInputException("option " + e.getMessage());
    }
    out.printf("params: N=%d, q=2^%d, t=2^%d, f=%d: Delta = 2^%d, shares in Z_2^%d%n", n, logQ, logT, f, logQ - logT, logT - f);
    int max128 = HeStandard.maxLogQ(n, SecurityLevel.CLASSICAL_128);
    SecurityLevel classical = HeStandard.strongestLevel(n, logQ);
    String quantum = quantumLevel(n, logQ);
    out.printf("security: %s (HE standard, ternary secret: log q <= %s at N=%d for 128-bit classical);"
            + " post-quantum: %s (log q <= %s for 128-bit)%n",
        classical == null ? "below 128-bit classical" : classical.toString(), max128 == 0 ? "?" : String.valueOf(max128), n,
        quantum, HeStandard.maxLogQ(n, SecurityLevel.QUANTUM_128) == 0 ? "?" : String.valueOf(HeStandard.maxLogQ(n, SecurityLevel.QUANTUM_128)));
    out.printf("export: c1 sent at %d bits, c0 at %d bits (the default rule)%n", boundary.c1Bits(), boundary.c0Bits());
    double l2;
    double l1;
    String source;
    if (accumulation != null) {
      l2 = accumulation;
      int tp = taps != null ? taps : 4608;
      l1 = accumulationL1 != null ? accumulationL1 : l2 * Math.sqrt(tp);
      source = "given" + (accumulationL1 != null ? "" : "; L1 at most sqrt(" + tp + " taps) * L2");
    } else {
      out.println("accumulation: computing the default (synthetic weights of ResNet-18/50 and MobileNetV2, a few seconds;"
          + " --accumulation skips this)");
      out.flush();
      NetworkLayer w = NetworkLayers.worstLayer(f, jaguar.nn.NetworkWeights.Synthetic.DEFAULT);
      double scale = Math.scalb(1.0, f);
      l2 = Math.sqrt(w.maxChannelSquares()) / scale;
      l1 = accumulationL1 != null ? accumulationL1 : w.maxChannelAbsSum() / scale;
      source = w.model() + "/" + w.index() + " " + w.name() + ", " + w.taps() + " taps, synthetic weights";
    }
    JaguarNoiseBudget budget = boundary.budget();
    double scale = Math.scalb(1.0, f);
    double squares = Math.pow(l2 * scale, 2);
    double h = JaguarNoiseBudget.expectedSecretWeight(n);
    double sigma = budget.sigma(squares, h);
    double log2P = budget.log2FailureProbability(sigma);
    double margin = budget.marginBits(sigma, kappa);
    out.printf("accumulation: worst filter |w|_2 = %.4g, |w|_1 = %.4g (%s)%n", l2, l1, source);
    out.printf("noise: sigma(E) = 2^%.2f (convolution 2^%.2f, rounding of the truncation and dropped bits 2^%.2f,"
            + " re-randomisation 2^%.2f); P(failure) = 2^%.0f per output; margin %.2f bits at 2^-%.0f"
            + " (%.2f for the convolution noise alone)%n",
        log2(sigma), log2(Math.sqrt(JaguarNoiseBudget.convolutionVariance(squares))), log2(Math.sqrt(budget.roundingVariance(h))),
        log2(Math.sqrt(budget.rerandomisationVariance(h))), log2P, margin, kappa,
        budget.marginBits(Math.sqrt(JaguarNoiseBudget.convolutionVariance(squares)), kappa));
    double worst = budget.worstCase(l1 * scale);
    out.printf("worst case: |E| <= 2^%.2f %s Delta/2 = 2^%d: %s%n", log2(worst), worst < budget.halfDelta() ? "<" : ">=",
        logQ - logT - 1, worst < budget.halfDelta()
            ? "no output can ever fail"
            : "the worst-case bound does not hold; correctness rests on the probabilistic bound above");
    if (classical == null) {
      out.println("params check: INSECURE: log q " + logQ + (max128 == 0 ? " at N=" + n + ", which the HE standard does not tabulate"
          : " > " + max128 + " allowed at N=" + n + " (HE standard, 128-bit classical, ternary secret)"));
      out.flush();
      return INSECURE;
    }
    if (log2P > -kappa) {
      out.printf("params check: NOISE: failure probability 2^%.1f per output exceeds 2^-%.0f (margin %.2f bits)%n", log2P, kappa, margin);
      out.flush();
      return NOISE;
    }
    out.printf("params check: OK secure (%s) and correct (failure 2^%.0f per output, margin %.2f bits at 2^-%.0f)%n",
        classical, log2P, margin, kappa);
    out.flush();
    return 0;
  }

  private static String quantumLevel(int n, int logQ) {
    String best = "below 128-bit";
    for (SecurityLevel l : new SecurityLevel[] {SecurityLevel.QUANTUM_128, SecurityLevel.QUANTUM_192, SecurityLevel.QUANTUM_256}) {
      int max = HeStandard.maxLogQ(n, l);
      if (max > 0 && logQ <= max) {
        best = l.toString();
      }
    }
    return best;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
