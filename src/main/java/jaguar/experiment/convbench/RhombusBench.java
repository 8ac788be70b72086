package jaguar.experiment.convbench;

import jaguar.conv.ConvShape;
import jaguar.conv.PlainConv;
import jaguar.conv.RhombusMatMul;
import jaguar.conv.RhombusPointwise;
import jaguar.conv.RhombusVerification;
import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSeededCiphertext;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * Rhombus's packed matrix product on a pointwise shape of the microbenchmark (config {@code
 * rhombus: true}), as {@link jaguar.conv.RhombusPointwise} runs it in the engine: N = 8192, two
 * 50-bit primes, t = 2^37, the who-encrypts rule, the lazy input-side automorphisms and RhombusEnd2End's
 * split points. Timed like the other protocols (one thread, warm-up calls, then repeats of a batch
 * lasting at least {@code min_repeat_ms}): one call is the computing party's homomorphic work on a
 * new input, its input-side automorphisms, products and packing ({@link RhombusPointwise#product}),
 * with its matrix's kernels built beforehand ({@code prepare_ms}, reported apart: offline when
 * the server computes with its weights, online when the client computes with its input share, as
 * when the server encrypts W). The outputs of the last call are masked, returned at the return
 * level, decrypted and checked against {@link PlainConv} mod t; a mismatch fails the run.
 */
final class RhombusBench {
  static final List<String> HEADER = List.of(
      "vectorisation", "name", "N", "encryptor", "cts_in", "cts_out", "key_switches", "ell_prime", "split",
      "return_primes", "repeats", "batch", "prepare_ms", "ms_mean", "ms_std", "ms_min", "ms_median",
      "outputs_checked", "mismatches", "min_margin_bits");

  /** One timed pointwise shape. */
  record Row(
      String vectorisation, String name, int degree, String encryptor, int ciphertextsIn, int ciphertextsOut,
      long keySwitches, int ellPrime, int split, int returnPrimes, int repeats, int batch, double prepareMs,
      double msMean, double msStd, double msMin, double msMedian, long outputsChecked, long mismatches,
      double minMarginBits) {
    String toCsv() {
      return CsvLines.join(List.of(
          vectorisation, name, Integer.toString(degree), encryptor, Integer.toString(ciphertextsIn),
          Integer.toString(ciphertextsOut), Long.toString(keySwitches), Integer.toString(ellPrime),
          Integer.toString(split), Integer.toString(returnPrimes), Integer.toString(repeats), Integer.toString(batch),
          Double.toString(prepareMs), Double.toString(msMean), Double.toString(msStd), Double.toString(msMin),
          Double.toString(msMedian), Long.toString(outputsChecked), Long.toString(mismatches),
          Double.toString(minMarginBits)));
    }

    static Row fromCsv(String line) {
      String[] f = CsvLines.split(line, HEADER.size());
      return new Row(f[0], f[1], Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]),
          Long.parseLong(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]),
          Integer.parseInt(f[10]), Integer.parseInt(f[11]), Double.parseDouble(f[12]), Double.parseDouble(f[13]),
          Double.parseDouble(f[14]), Double.parseDouble(f[15]), Double.parseDouble(f[16]), Long.parseLong(f[17]),
          Long.parseLong(f[18]), Double.parseDouble(f[19]));
    }
  }

  /** Rhombus's plaintext modulus here, OpenCheetah's ell = 37 (the Cheetah rows' too). */
  static final int LOG_T = 37;

  private final BenchSettings settings;
  private final RnsParams params = RhombusVerification.preset(LOG_T).params();
  private final RnsKeySwitch ctx = RnsKeySwitch.of(params);

  RhombusBench(BenchSettings settings) {
    this.settings = settings;
  }

  /** Whether Rhombus runs the shape (1 x 1, pad 0, groups 1). */
  static boolean supports(ConvShape shape) {
    return RhombusVerification.supports(shape);
  }

  /**
   * Times one shape on input ([ci][H][W]) and weights ([co][ci]), the key and the encryption drawn
   * from prg.
   *
   * @throws IllegalStateException if an output differs from the reference
   */
  Row measure(String vectorisation, BenchShape shape, long[] input, long[] weights, Prg prg) {
    ConvShape cs = shape.shape();
    RhombusPointwise conv = new RhombusPointwise(ctx, cs);
    boolean client = conv.encryptor() == RhombusPointwise.Encryptor.CLIENT;
    SecretKey sk = SecretKey.generate(params.degree(), prg);
    GaloisKeys keys = GaloisKeys.generate(ctx, sk, conv.galoisElements(), prg);
    List<RnsCiphertext> in = new ArrayList<>();
    for (RnsSeededCiphertext ct : conv.encrypt(client ? input : weights, new RnsEncryptor(params, sk, prg.fork()))) {
      in.add(ct.expand(params)); // as the computing party receives them
    }
    long t0 = System.nanoTime();
    RhombusMatMul.Prepared prepared = conv.prepare(client ? weights : input);
    double prepareMs = (System.nanoTime() - t0) / 1e6;
    List<RnsCiphertext> last = null;
    long probe = 0;
    for (int i = 0; i < Math.max(1, settings.warmup()); i++) {
      long s0 = System.nanoTime();
      last = conv.product(prepared, in, keys);
      probe = System.nanoTime() - s0;
    }
    double estimateMs = Math.max(probe / 1e6, 1e-3);
    int batch = settings.batch(estimateMs);
    int repeats = settings.repeats(estimateMs, batch, 1);
    double[] ms = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long s0 = System.nanoTime();
      for (int b = 0; b < batch; b++) {
        last = conv.product(prepared, in, keys);
      }
      ms[r] = (System.nanoTime() - s0) / 1e6 / batch;
    }
    Timing t = Timing.of(ms, batch);
    // the check: masked, returned at the return level and decrypted, shares added (X_s = 0 here)
    RhombusPointwise.Masked masked = conv.mask(last, null, 0, prg.fork());
    double[] margin = new double[1];
    long[] decrypted = conv.decrypt(masked.outputs(), new RnsDecryptor(conv.outputParams(), sk), margin);
    long[] reference = PlainConv.convolve(cs, input, weights, LOG_T);
    long mask = params.tMask();
    long mismatches = 0;
    int first = -1;
    for (int i = 0; i < reference.length; i++) {
      if (((decrypted[i] + masked.share()[i]) & mask) != reference[i] && mismatches++ == 0) {
        first = i;
      }
    }
    if (mismatches > 0) {
      throw new IllegalStateException("rhombus on " + shape.name() + ": " + mismatches
          + " outputs differ from the cleartext reference, first at " + first);
    }
    RhombusMatMul mm = conv.matMul();
    return new Row(vectorisation, shape.name(), params.degree(), client ? "client" : "server", mm.ciphertextsIn(),
        mm.ciphertextsOut(), mm.keySwitches(), mm.ellPrime(), mm.split(), conv.outputParams().limbs(), t.repeats(),
        t.batch(), prepareMs, t.msMean(), t.msStd(), t.msMin(), t.msMedian(), reference.length, mismatches, margin[0]);
  }
}
