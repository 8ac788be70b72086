package jaguar.conv;

import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Decryptor;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end check of a homomorphic convolution against {@link PlainConv}: encrypt the packed input
 * (seeded ciphertexts, as sent), run the kernel, decrypt every output ciphertext, extract the
 * outputs and compare each with the reference mod t. Also reports the smallest decryption margin
 * seen (bits of noise headroom left; negative would mean a decryption failure) and times each
 * stage. Every output position must be produced by exactly one output ciphertext; one that is not
 * counts as a mismatch. Large layers run as several kernels over ranges of output channels, so the
 * NTT schedule's transformed filters (co * blocks * L * N words in all) need not fit in memory at
 * once.
 */
public final class ConvVerification {
  private final ConvProtocol protocol;
  private final Pow2Params pow2;
  private final RnsParams rns;
  private final StrideForm form;

  private ConvVerification(ConvProtocol protocol, Pow2Params pow2, RnsParams rns) {
    this(protocol, pow2, rns, StrideForm.AUTO);
  }

  private ConvVerification(ConvProtocol protocol, Pow2Params pow2, RnsParams rns, StrideForm form) {
    this.protocol = protocol;
    this.pow2 = pow2;
    this.rns = rns;
    this.form = form;
  }

  /** The same check with strided layers planned in the given form ({@link StrideForm}). */
  public ConvVerification withForm(StrideForm f) {
    return new ConvVerification(protocol, pow2, rns, f);
  }

  /** SPA-Conv over the given power-of-two parameters. */
  public static ConvVerification jaguar(Pow2Params params) {
    return new ConvVerification(ConvProtocol.JAGUAR, params, null);
  }

  /**
   * A power-of-two kernel ({@code jaguar}, {@code jaguar-ntt} or {@code jaguar-hybrid}) over the
   * given parameters.
   */
  public static ConvVerification powerOfTwo(Pow2Params params, ConvProtocol protocol) {
    if (!protocol.powerOfTwo()) {
      throw new IllegalArgumentException(protocol.label() + " is not a power-of-two protocol");
    }
    return new ConvVerification(protocol, params, null);
  }

  /** Cheetah HomConv ({@code cheetah} or {@code cheetah-ntt}) over the given RNS parameters. */
  public static ConvVerification cheetah(RnsParams params, ConvProtocol schedule) {
    if (schedule.powerOfTwo()) {
      throw new IllegalArgumentException("jaguar is not a Cheetah schedule");
    }
    return new ConvVerification(schedule, null, params);
  }

  /** The default parameter preset of a protocol with plaintext modulus 2^logT. */
  public static ConvVerification preset(ConvProtocol protocol, int logT) {
    return protocol.powerOfTwo()
        ? powerOfTwo(Pow2Spec.jaguar().withLogT(logT).validate(), protocol)
        : cheetah(RnsSpec.cheetah().withLogT(logT).validate(), protocol);
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

  /** The plan the check would use (for jaguar-hybrid: the plan of the kernel it chose). */
  public ConvPlan plan(ConvShape shape, Layout layout) {
    return ConvPlan.of(shape, degree(), protocol, layout, form);
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
      int channelRanges,
      double referenceSeconds,
      double encryptSeconds,
      double prepareSeconds,
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

  /**
   * Memory the kernel of one range of output channels may hold (outputs, and for the NTT schedule
   * its transformed filters); larger layers run in several ranges, each re-transforming the input.
   */
  private static final long RANGE_BYTES = 64L << 20;

  /** Random input uniform mod t and random signed weights of weightBits bits; see {@link #run}. */
  public Result runRandom(ConvShape shape, Layout layout, int weightBits, double sparsity, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
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
    double referenceSeconds = (System.nanoTime() - t0) / 1e9;
    long[][] messages = ConvPacking.inputMessages(plan, input);
    SecretKey key = SecretKey.generate(degree(), prg);
    Checker checker = new Checker(reference);
    return pow2 != null
        ? execute(new Pow2Engine(key, prg.fork()), plan, messages, weights, checker, referenceSeconds)
        : execute(new RnsEngine(key, prg.fork()), plan, messages, weights, checker, referenceSeconds);
  }

  private <C> Result execute(
      Engine<C> engine, ConvPlan plan, long[][] messages, long[] weights, Checker checker,
      double referenceSeconds) {
    long t0 = System.nanoTime();
    List<C> in = new ArrayList<>(messages.length);
    for (long[] m : messages) {
      in.add(engine.encrypt(m));
    }
    long encrypt = System.nanoTime() - t0;
    long prepare = 0;
    long server = 0;
    long decrypt = 0;
    int ranges = 0;
    ConvWork work = new ConvWork(0, 0, 0, 0, 0, 0, 0, 0);
    int co = plan.shape().co();
    int tiles = plan.tiles();
    int step = (int) Math.max(1, Math.min(co, RANGE_BYTES / Math.max(1, engine.bytesPerChannel(plan))));
    for (int from = 0; from < co; from += step) {
      int to = Math.min(co, from + step);
      ranges++;
      long a = System.nanoTime();
      HomConv<C> kernel = engine.kernel(plan, weights, from, to);
      long b = System.nanoTime();
      List<C> out = kernel.convolve(in);
      long c = System.nanoTime();
      for (int m = from; m < to; m++) {
        for (int tile = 0; tile < tiles; tile++) {
          engine.check(out.get((m - from) * tiles + tile), plan, m, tile, checker);
        }
      }
      long d = System.nanoTime();
      prepare += b - a;
      server += c - b;
      decrypt += d - c;
      work = work.plus(kernel.work());
    }
    checker.finish();
    return new Result(
        plan, work, checker.reference.length, checker.mismatches, checker.first,
        checker.expectedAtFirst, checker.actualAtFirst, checker.minMargin, ranges, referenceSeconds,
        encrypt / 1e9, prepare / 1e9, server / 1e9, decrypt / 1e9);
  }

  /** The scheme-specific steps of a check. */
  private interface Engine<C> {
    /** A fresh encryption of a message, as the server receives it (seeded, then expanded). */
    C encrypt(long[] message);

    HomConv<C> kernel(ConvPlan plan, long[] weights, int from, int to);

    /** Bytes one output channel's kernel state and outputs take. */
    long bytesPerChannel(ConvPlan plan);

    /** Decrypts output ciphertext (m, tile) and checks each output it holds. */
    void check(C ct, ConvPlan plan, int m, int tile, Checker checker);
  }

  private final class Pow2Engine implements Engine<Pow2Ciphertext> {
    private final Pow2Encryptor enc;
    private final Pow2Decryptor dec;
    private final long[] phase;

    Pow2Engine(SecretKey key, Prg prg) {
      enc = new Pow2Encryptor(pow2, key, prg);
      dec = new Pow2Decryptor(pow2, key);
      phase = new long[pow2.degree()];
    }

    @Override
    public Pow2Ciphertext encrypt(long[] message) {
      return enc.encryptSeeded(message).expand(pow2);
    }

    @Override
    public HomConv<Pow2Ciphertext> kernel(ConvPlan plan, long[] weights, int from, int to) {
      return plan.protocol() == ConvProtocol.JAGUAR_NTT
          ? new JaguarNttConv(pow2, plan, weights, from, to)
          : new SpaConv(pow2, plan, weights, from, to);
    }

    @Override
    public long bytesPerChannel(ConvPlan plan) {
      long outputs = (long) plan.tiles() * 2 * pow2.degree() * Long.BYTES;
      if (plan.protocol() != ConvProtocol.JAGUAR_NTT) {
        return outputs;
      }
      long blocks = (plan.products() + plan.shape().co() - 1) / plan.shape().co() / plan.tiles();
      return outputs + blocks * 2L * pow2.degree() * Long.BYTES; // two primes per (output, block)
    }

    @Override
    public void check(Pow2Ciphertext ct, ConvPlan plan, int m, int tile, Checker checker) {
      dec.phaseInto(ct, phase);
      ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
        long ph = phase[coef];
        checker.check(idx, dec.decode(ph), dec.marginBits(dec.noise(ph, checker.reference[idx])));
      });
    }
  }

  private final class RnsEngine implements Engine<RnsCiphertext> {
    private final RnsEncryptor enc;
    private final RnsDecryptor dec;
    private final long[][] phase;
    private final long[] residual = new long[1];

    RnsEngine(SecretKey key, Prg prg) {
      enc = new RnsEncryptor(rns, key, prg);
      dec = new RnsDecryptor(rns, key);
      phase = new long[rns.limbs()][rns.degree()];
    }

    @Override
    public RnsCiphertext encrypt(long[] message) {
      return enc.encryptSeeded(message).expand(rns);
    }

    @Override
    public HomConv<RnsCiphertext> kernel(ConvPlan plan, long[] weights, int from, int to) {
      return new CheetahHomConv(rns, plan, weights, from, to);
    }

    @Override
    public long bytesPerChannel(ConvPlan plan) {
      long ct = 2L * rns.limbs() * rns.degree() * Long.BYTES;
      long outputs = plan.tiles() * ct;
      if (protocol != ConvProtocol.CHEETAH_NTT) {
        return outputs;
      }
      long blocks = (plan.products() + plan.shape().co() - 1) / plan.shape().co() / plan.tiles();
      return outputs + blocks * ct / 2; // one L-limb polynomial per (output, block)
    }

    @Override
    public void check(RnsCiphertext ct, ConvPlan plan, int m, int tile, Checker checker) {
      dec.phaseInto(ct, phase);
      ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
        long v = dec.decode(phase, coef, residual);
        checker.check(idx, v, dec.marginBits(residual[0]));
      });
    }
  }

  /** Compares outputs with the reference and checks that each position is produced once. */
  private static final class Checker {
    final long[] reference;
    private final byte[] seen;
    int mismatches;
    int first = -1;
    long expectedAtFirst;
    long actualAtFirst;
    double minMargin = Double.POSITIVE_INFINITY;

    Checker(long[] reference) {
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
