package jaguar.conv;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Decryptor;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end check of a homomorphic convolution against {@link PlainConv}: encrypt the packed input
 * (seeded ciphertexts, as sent), run the kernel, decrypt every output ciphertext, extract the
 * outputs and compare each with the reference mod t. Also reports the smallest decryption margin
 * seen (bits of noise headroom left; negative would mean a decryption failure) and times each
 * stage. Every output position must be produced by exactly one output ciphertext; one that is not
 * counts as a mismatch.
 */
public final class ConvVerification {
  private final ConvProtocol protocol;
  private final Pow2Params pow2;
  private final RnsParams rns;

  private ConvVerification(ConvProtocol protocol, Pow2Params pow2, RnsParams rns) {
    this.protocol = protocol;
    this.pow2 = pow2;
    this.rns = rns;
  }

  /** SPA-Conv over the given power-of-two parameters. */
  public static ConvVerification jaguar(Pow2Params params) {
    return new ConvVerification(ConvProtocol.JAGUAR, params, null);
  }

  /** Cheetah HomConv ({@code cheetah} or {@code cheetah-ntt}) over the given RNS parameters. */
  public static ConvVerification cheetah(RnsParams params, ConvProtocol schedule) {
    if (schedule == ConvProtocol.JAGUAR) {
      throw new IllegalArgumentException("jaguar is not a Cheetah schedule");
    }
    return new ConvVerification(schedule, null, params);
  }

  /** The default parameter preset of a protocol with plaintext modulus 2^logT. */
  public static ConvVerification preset(ConvProtocol protocol, int logT) {
    return protocol == ConvProtocol.JAGUAR
        ? jaguar(jaguar.he.pow2.Pow2Spec.jaguar().withLogT(logT).validate())
        : cheetah(jaguar.he.rns.RnsSpec.cheetah().withLogT(logT).validate(), protocol);
  }

  public ConvProtocol protocol() {
    return protocol;
  }

  public int degree() {
    return pow2 != null ? pow2.degree() : rns.degree();
  }

  /** Bits of the plaintext modulus t. */
  public int logT() {
    return pow2 != null ? pow2.logT() : rns.logT();
  }

  /** A description of the parameters. */
  public String parameters() {
    return pow2 != null ? pow2.toString() : rns.toString();
  }

  /** The plan the check would use. */
  public ConvPlan plan(ConvShape shape, Layout layout) {
    return ConvPlan.of(shape, degree(), protocol, layout);
  }

  /** The outcome of one check. */
  public record Result(
      ConvPlan plan,
      ConvWork work,
      int outputs,
      int mismatches,
      int firstMismatch,
      long expectedAtFirst,
      long actualAtFirst,
      double minMarginBits,
      double referenceSeconds,
      double encryptSeconds,
      double serverSeconds,
      double decryptSeconds) {
    public boolean exact() {
      return mismatches == 0;
    }

    /** The one-line verdict {@code verify conv} ends with. */
    public String verdict() {
      return String.format(
          "verify conv: %s mismatches=%d outputs=%d cts_in=%d cts_out=%d",
          exact() ? "OK" : "FAIL", mismatches, outputs, plan.ciphertextsIn(), plan.ciphertextsOut());
    }
  }

  /** Random input uniform mod t and random signed weights of weightBits bits; see {@link #run}. */
  public Result runRandom(ConvShape shape, Layout layout, int weightBits, double sparsity, long seed) {
    Prg prg = Prg.seeded(seed);
    long[] input = new long[shape.inputSize()];
    prg.fillBits(input, logT());
    return run(shape, layout, input, randomWeights(shape, weightBits, sparsity, prg), prg);
  }

  /**
   * Signed weights uniform in [-2^(bits-1), 2^(bits-1)), each zero with probability sparsity.
   *
   * @throws ConvOptionException if bits is not in [1, 32] or sparsity not in [0, 1]
   */
  public static long[] randomWeights(ConvShape shape, int bits, double sparsity, Prg prg) {
    if (bits < 1 || bits > 32) {
      throw new ConvOptionException("weight-bits", bits, "1..32");
    }
    if (!(sparsity >= 0 && sparsity <= 1)) {
      throw new ConvOptionException("sparsity", sparsity, "a fraction in [0, 1]");
    }
    long[] w = new long[shape.weightSize()];
    long half = 1L << (bits - 1);
    for (int i = 0; i < w.length; i++) {
      w[i] = sparsity > 0 && prg.nextDouble() < sparsity ? 0 : prg.nextLong(2 * half) - half;
    }
    return w;
  }

  /**
   * Runs the check on a given input ([ci][H][W], read mod t) and weights ([co][ci/groups][k][k],
   * |w| < t/2); prg supplies the key and the encryption randomness.
   */
  public Result run(ConvShape shape, Layout layout, long[] input, long[] weights, Prg prg) {
    ConvPlan plan = plan(shape, layout);
    long t0 = System.nanoTime();
    long[] reference = PlainConv.convolve(shape, input, weights, logT());
    long t1 = System.nanoTime();
    long[][] messages = ConvPacking.inputMessages(plan, input);
    SecretKey key = SecretKey.generate(degree(), prg);
    Checker checker = new Checker(plan, reference);
    double[] seconds;
    ConvWork work;
    if (pow2 != null) {
      Pow2Encryptor enc = new Pow2Encryptor(pow2, key, prg.fork());
      List<Pow2Ciphertext> in = new ArrayList<>(messages.length);
      for (long[] m : messages) {
        in.add(enc.encryptSeeded(m).expand(pow2));
      }
      long t2 = System.nanoTime();
      SpaConv kernel = new SpaConv(pow2, plan, weights);
      long t3 = System.nanoTime();
      List<Pow2Ciphertext> out = kernel.convolve(in);
      long t4 = System.nanoTime();
      Pow2Decryptor dec = new Pow2Decryptor(pow2, key);
      long[] phase = new long[degree()];
      for (int m = 0; m < shape.co(); m++) {
        for (int tile = 0; tile < plan.tiles(); tile++) {
          dec.phaseInto(out.get(plan.outputIndex(m, tile)), phase);
          ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
            long ph = phase[coef];
            checker.check(idx, dec.decode(ph), dec.marginBits(dec.noise(ph, reference[idx])));
          });
        }
      }
      long t5 = System.nanoTime();
      seconds = new double[] {t1 - t0, t2 - t1, t4 - t3, t5 - t4};
      work = kernel.work();
    } else {
      RnsEncryptor enc = new RnsEncryptor(rns, key, prg.fork());
      List<RnsCiphertext> in = new ArrayList<>(messages.length);
      for (long[] m : messages) {
        in.add(enc.encryptSeeded(m).expand(rns));
      }
      long t2 = System.nanoTime();
      CheetahHomConv kernel = new CheetahHomConv(rns, plan, weights);
      long t3 = System.nanoTime();
      List<RnsCiphertext> out = kernel.convolve(in);
      long t4 = System.nanoTime();
      RnsDecryptor dec = new RnsDecryptor(rns, key);
      long[][] phase = new long[rns.limbs()][degree()];
      long[] residual = new long[1];
      for (int m = 0; m < shape.co(); m++) {
        for (int tile = 0; tile < plan.tiles(); tile++) {
          dec.phaseInto(out.get(plan.outputIndex(m, tile)), phase);
          ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
            long v = dec.decode(phase, coef, residual);
            checker.check(idx, v, dec.marginBits(residual[0]));
          });
        }
      }
      long t5 = System.nanoTime();
      seconds = new double[] {t1 - t0, t2 - t1, t4 - t3, t5 - t4};
      work = kernel.work();
    }
    checker.finish();
    return new Result(
        plan, work, reference.length, checker.mismatches, checker.first, checker.expectedAtFirst,
        checker.actualAtFirst, checker.minMargin, seconds[0] / 1e9, seconds[1] / 1e9,
        seconds[2] / 1e9, seconds[3] / 1e9);
  }

  /** Compares outputs with the reference and checks that each position is produced once. */
  private static final class Checker {
    private final long[] reference;
    private final byte[] seen;
    int mismatches;
    int first = -1;
    long expectedAtFirst;
    long actualAtFirst;
    double minMargin = Double.POSITIVE_INFINITY;

    Checker(ConvPlan plan, long[] reference) {
      this.reference = reference;
      this.seen = new byte[reference.length];
    }

    void check(int idx, long value, double marginBits) {
      if (seen[idx] != 0) {
        mismatch(idx, value); // produced twice: a plan bug
        return;
      }
      seen[idx] = 1;
      minMargin = Math.min(minMargin, marginBits);
      if (value != reference[idx]) {
        mismatch(idx, value);
      }
    }

    private void mismatch(int idx, long value) {
      if (mismatches++ == 0) {
        first = idx;
        expectedAtFirst = reference[idx];
        actualAtFirst = value;
      }
    }

    void finish() {
      for (int i = 0; i < seen.length; i++) {
        if (seen[i] == 0) {
          mismatch(i, -1); // never produced
        }
      }
    }
  }
}
