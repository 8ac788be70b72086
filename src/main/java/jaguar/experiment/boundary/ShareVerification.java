package jaguar.experiment.boundary;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvVerification;
import jaguar.conv.KernelCosts;
import jaguar.conv.PlainConv;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import jaguar.protocol.ExportRange;
import jaguar.protocol.LayerRun;
import jaguar.share.CheetahBoundary;
import jaguar.share.CheetahExportSpec;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;
import jaguar.share.TruncationMode;


/**
 * One linear layer from the client's input to additive shares, checked against the plaintext
 * reference: the client encrypts its input (seeded ciphertexts, serialized: their bytes are the
 * client's upload), the server parses them, convolves (SPA-Conv or Cheetah's NTT-form HomConv),
 * exports (re-randomise, mask, drop bits; the message's bytes are the server's download), the client
 * imports its shares. Each output must be what the mode promises: Jaguar exact mode floor(m / 2^f)
 * mod 2^(T-f) exactly, private mode that or one less, Cheetah m mod 2^ell (the spec allows one LSB
 * off; ours is exact). Also measures the total error of every exported phase (Jaguar: from the
 * client's phase and the server's masks; Cheetah: the decryption residual), for the noise budget.
 *
 * <p>Runs the pipeline of the secure inference engine ({@link LayerRun}); large layers run in ranges
 * of output channels (each range's ciphertexts exported as its own message) to bound memory; the
 * byte counts add up.
 */
public final class ShareVerification {
  /** Half-bit bins of log2|E| up to 2^64. */
  public static final int HISTOGRAM_BINS = 128;

  private ShareVerification() {}

  /**
   * What to run.
   *
   * @param logT t = 2^T (Jaguar) or 2^ell (Cheetah)
   * @param f fixed-point bits truncated under HE (Jaguar only)
   * @param channels output channels to run, from channel 0 (the layer's co for all); each output
   *     ciphertext is exported on its own, so a prefix of channels checks every geometry
   */
  public record Settings(
      BoundaryProtocol protocol, int logT, int f, TruncationMode truncation, int channels, long seed) {
    public static Settings jaguar(int logT, int f, TruncationMode mode, long seed) {
      return new Settings(BoundaryProtocol.JAGUAR, logT, f, mode, Integer.MAX_VALUE, seed);
    }

    public static Settings cheetah(int ell, long seed) {
      return new Settings(BoundaryProtocol.CHEETAH, ell, 0, TruncationMode.EXACT, Integer.MAX_VALUE, seed);
    }

    public Settings withChannels(int c) {
      return new Settings(protocol, logT, f, truncation, c, seed);
    }
  }

  /**
   * The outcome.
   *
   * @param outputs outputs checked
   * @param mismatches outputs outside the promise
   * @param oneLess outputs one below the exact value (allowed in private mode and for Cheetah)
   * @param predictedOneLess the expected number of those (private mode), else 0
   * @param oneLessVariance variance of that count
   * @param maxError largest |shares - exact| seen, in units of the share ring's LSB
   * @param maxAbsNoise largest |E| of an exported phase (Jaguar: on the 2^Q scale; Cheetah: on
   *     the p0 scale)
   * @param rmsNoise root mean square of E
   * @param minMarginBits log2(budget / max |E|): bits of headroom left by the noisiest output
   * @param predictedRmsNoise the budget's analytic rms of E over the channels run (its Gaussian part
   *     and the flooding)
   * @param noiseQuantiles |E| at quantiles 0.5, 0.9, 0.99, 0.999 of the outputs, then the maximum
   * @param noiseHistogram counts of log2|E| in half-bit bins: bin i holds [i/2, (i+1)/2), bin 0
   *     also |E| < 1
   * @param clientBytes bytes the client sent: the serialized input ciphertexts (seeded)
   * @param serverBytes bytes the server sent: the export messages
   * @param publicKeyBytes the public key the client sends once per session (not in clientBytes)
   * @param exportedCiphertexts output ciphertexts with at least one exported value
   * @param offlineZeroSeconds making the pool of encryptions of zero (Jaguar; offline, input-independent)
   * @param serverExportSeconds re-randomisation (Jaguar: adding pooled encryptions of zero; Cheetah:
   *     making them online, as OpenCheetah does), masking and serialization on the server
   * @param clientImportSeconds reconstruction and decoding on the client
   */
  public record Result(
      String boundary,
      ConvPlan plan,
      int outputs,
      int mismatches,
      int oneLess,
      double predictedOneLess,
      double oneLessVariance,
      long maxError,
      double maxAbsNoise,
      double rmsNoise,
      double minMarginBits,
      double predictedRmsNoise,
      double[] noiseQuantiles,
      long[] noiseHistogram,
      long clientBytes,
      long serverBytes,
      long publicKeyBytes,
      int exportedCiphertexts,
      double encryptSeconds,
      double convolveSeconds,
      double offlineZeroSeconds,
      double serverExportSeconds,
      double clientImportSeconds) {
    public boolean ok() {
      return mismatches == 0;
    }

    /** Server-to-client bytes per output value. */
    public double serverBytesPerOutput() {
      return (double) serverBytes / outputs;
    }

    /** The line {@code verify share} ends with. */
    public String verdict() {
      return String.format(
          "verify share: %s mismatches=%d max_error=%d outputs=%d client_bytes=%d server_bytes=%d",
          ok() ? "OK" : "FAIL", mismatches, maxError, outputs, clientBytes, serverBytes);
    }
  }

  /** Random input uniform mod t and random signed weights of weightBits bits. */
  public static Result runRandom(ConvShape shape, Settings s, JaguarExportSpec jaguarSpec, int weightBits) {
    Prg prg = Prg.insecureSeeded(s.seed());
    long[] input = new long[shape.inputSize()];
    prg.fillBits(input, s.logT());
    long[] weights = ConvVerification.randomWeights(shape, weightBits, 0, prg);
    return run(shape, input, weights, s, jaguarSpec, prg);
  }

  /**
   * Runs the layer on an input ([ci][H][W], read mod t) with weights ([co][ci/groups][k][k]).
   *
   * @param jaguarSpec the export options (Jaguar; its f and truncation override the settings'),
   *     or null for the defaults from the settings
   */
  public static Result run(ConvShape shape, long[] input, long[] weights, Settings s, JaguarExportSpec jaguarSpec, Prg prg) {
    long[] reference = PlainConv.convolve(shape, input, weights, s.logT());
    return s.protocol() == BoundaryProtocol.JAGUAR
        ? runJaguar(shape, input, weights, reference, s, jaguarSpec, prg)
        : runCheetah(shape, input, weights, reference, s, prg);
  }

  private static Result runJaguar(
      ConvShape shape, long[] input, long[] weights, long[] reference, Settings s, JaguarExportSpec spec, Prg prg) {
    Pow2Params params = Pow2Spec.jaguar().withLogT(s.logT()).validate();
    JaguarExportSpec es = spec != null ? spec : JaguarExportSpec.defaults(s.f()).withTruncation(s.truncation());
    JaguarBoundary b = es.validate(params);
    Prg client = prg.fork();
    LayerRun.Outcome o = LayerRun.jaguar(shape, input, weights, b, ConvProtocol.JAGUAR, KernelCosts.machine(), s.channels(),
        client, prg.fork());
    Checker c = new Checker(b.shareBits(), b.truncation() == TruncationMode.PRIVATE, b.truncation() == TruncationMode.PRIVATE);
    int delta = params.logQ() - params.logT();
    long qMask = params.qMask();
    int unused = 64 - params.logQ();
    double predictedVar = 0;
    int cpg = shape.channelsPerGroup() * shape.k() * shape.k();
    long h = o.secretWeight();
    for (ExportRange r : o.ranges()) {
      for (int idx : r.outputIndex()) {
        long m = reference[idx];
        c.check((m >>> b.f()), o.client()[idx] + o.server()[idx], m & ((1L << b.f()) - 1), b.f());
        long e = ((o.clientSeen()[idx] + o.serverSeen()[idx] - (m << delta) - (1L << (delta - 1))) & qMask) << unused >> unused;
        c.noise(Math.abs((double) e));
        int channel = idx / (shape.outH() * shape.outW());
        predictedVar += square(b.budget().sigma(sumOfSquares(weights, channel * cpg, cpg), h)) + b.budget().floodVariance();
      }
    }
    return c.result(
        b.toString(), o.plan(), b.budget().halfDelta(), Math.sqrt(predictedVar / c.count), o.clientBytes(), o.serverBytes(),
        o.publicKeyBytes(), o.exportedCiphertexts(), o.encryptSeconds(), o.convolveSeconds(), o.offlineZeroSeconds(),
        o.exportSeconds(), o.importSeconds());
  }

  private static Result runCheetah(
      ConvShape shape, long[] input, long[] weights, long[] reference, Settings s, Prg prg) {
    RnsParams params = RnsSpec.cheetah().withLogT(s.logT()).validate();
    CheetahBoundary b = CheetahExportSpec.defaults().validate(params);
    LayerRun.Outcome o = LayerRun.cheetah(shape, input, weights, b, ConvProtocol.CHEETAH_NTT, s.channels(), prg.fork(), prg.fork());
    long h = o.secretWeight();
    Checker c = new Checker(params.logT(), true, false);
    double predictedVar = 0;
    int cpg = shape.channelsPerGroup() * shape.k() * shape.k();
    double halfDelta = b.budget().halfDelta();
    for (ExportRange r : o.ranges()) {
      for (int idx : r.outputIndex()) {
        c.check(reference[idx], o.client()[idx] + o.server()[idx], 0, 0);
        // the residual is a fraction of one unit of t (2^64 = one unit); on the p0 scale: times p0/t
        c.noise(Math.abs((double) o.clientSeen()[idx]) * 0x1.0p-64 * 2 * halfDelta);
        int channel = idx / (shape.outH() * shape.outW());
        predictedVar += square(b.budget().sigma(sumOfSquares(weights, channel * cpg, cpg), h)) + b.budget().floodVariance();
      }
    }
    return c.result(
        b.toString(), o.plan(), halfDelta, Math.sqrt(predictedVar / c.count), o.clientBytes(), o.serverBytes(),
        o.publicKeyBytes(), o.exportedCiphertexts(), o.encryptSeconds(), o.convolveSeconds(), 0, o.exportSeconds(),
        o.importSeconds());
  }

  private static double square(double x) {
    return x * x;
  }

  private static double sumOfSquares(long[] w, int from, int count) {
    double s = 0;
    for (int i = from; i < from + count; i++) {
      s += (double) w[i] * w[i];
    }
    return s;
  }

  /** Counts outcomes against the promise and collects the noise. */
  private static final class Checker {
    final long mask;
    final boolean oneLessAllowed;
    final boolean predictBorrows;
    int count;
    int mismatches;
    int oneLess;
    double predicted;
    double variance;
    long maxError;
    double maxNoise;
    double sumNoise2;
    float[] noise = new float[1024];
    final long[] histogram = new long[HISTOGRAM_BINS];

    Checker(int bits, boolean oneLessAllowed, boolean predictBorrows) {
      this.mask = (1L << bits) - 1;
      this.oneLessAllowed = oneLessAllowed;
      this.predictBorrows = predictBorrows;
    }

    /** exact value, share sum, the value's truncated low bits ml and f (for the prediction). */
    void check(long exact, long sum, long low, int f) {
      count++;
      int bits = 64 - Long.numberOfLeadingZeros(mask);
      long d = ((sum - exact) & mask) << (64 - bits) >> (64 - bits); // centred difference
      maxError = Math.max(maxError, Math.abs(d));
      if (d == -1) {
        oneLess++;
      }
      if (d != 0 && !(oneLessAllowed && d == -1)) {
        mismatches++;
      }
      if (predictBorrows) { // Jaguar's private mode: P(one less) = 1 - (ml + 1/2 + E/Delta) / 2^f
        double p = 1 - (low + 0.5) / (1L << f);
        predicted += p;
        variance += p * (1 - p);
      }
    }

    void noise(double absE) {
      maxNoise = Math.max(maxNoise, absE);
      sumNoise2 += absE * absE;
      int n = count - 1; // check() for this output came first
      if (n >= noise.length) {
        noise = java.util.Arrays.copyOf(noise, noise.length * 2);
      }
      noise[n] = (float) absE;
      int bin = absE < 1 ? 0 : (int) Math.min(HISTOGRAM_BINS - 1, Math.floor(2 * Math.log(absE) / Math.log(2)));
      histogram[bin]++;
    }

    double[] quantiles() {
      float[] sorted = java.util.Arrays.copyOf(noise, count);
      java.util.Arrays.sort(sorted);
      double[] qs = {0.5, 0.9, 0.99, 0.999};
      double[] out = new double[qs.length + 1];
      for (int i = 0; i < qs.length; i++) {
        out[i] = count == 0 ? 0 : sorted[(int) Math.min(count - 1, Math.floor(qs[i] * count))];
      }
      out[qs.length] = maxNoise;
      return out;
    }

    Result result(
        String boundary, ConvPlan plan, double budget, double predictedRms, long clientBytes, long serverBytes,
        long pkBytes, int exported, double enc, double conv, double offline, double exp, double imp) {
      double margin = maxNoise == 0 ? Double.POSITIVE_INFINITY : Math.log(budget / maxNoise) / Math.log(2);
      return new Result(
          boundary, plan, count, mismatches, oneLess, predicted, variance, maxError, maxNoise,
          Math.sqrt(sumNoise2 / Math.max(1, count)), margin, predictedRms, quantiles(), histogram.clone(), clientBytes, serverBytes, pkBytes,
          exported, enc, conv, offline, exp, imp);
    }
  }
}
