package jaguar.conv;

import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsSeededCiphertext;
import jaguar.he.rns.RnsSpec;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end check of {@link RhombusPointwise} for {@code verify conv --protocol rhombus}: random
 * input shares X_c, X_s (uniform mod t) and weights, the encrypting party's keys (secret, Galois,
 * public for re-randomisation), its encryption, the computing party's product and masking, the
 * decryption, and every output of the two shares' sum compared with {@link PlainConv} of X_c + X_s
 * mod t. Times each step (the computing party's product with re-randomisation and masking apart
 * from the server's plaintext W X_s) and reports the smallest decryption margin.
 */
public final class RhombusVerification {
  private final RnsParams params;

  public RhombusVerification(RnsParams params) {
    this.params = params;
  }

  /**
   * Rhombus's parameters: N = 8192, data primes of 50 + 50 bits (the 60-bit special prime comes
   * with the key switching), t = 2^logT.
   *
   * @throws jaguar.he.ParameterException if logT is not valid for them
   */
  public static RhombusVerification preset(int logT) {
    return new RhombusVerification(new RnsSpec(13, List.of(50, 50), logT, false).validate());
  }

  public RnsParams params() {
    return params;
  }

  /** Whether the shape is one Rhombus runs here: pointwise (k = 1, groups = 1) without padding. */
  public static boolean supports(ConvShape shape) {
    return shape.type() == ConvType.POINTWISE && shape.pad() == 0;
  }

  /** The kernel the check would run (its direction and counts). */
  public RhombusPointwise kernel(ConvShape shape) {
    return new RhombusPointwise(RnsKeySwitch.of(params), shape);
  }

  /** The outcome of one check. */
  public record Result(
      RhombusPointwise kernel,
      int outputs,
      int mismatches,
      int firstMismatch,
      long expectedAtFirst,
      long actualAtFirst,
      double minMarginBits,
      double referenceSeconds,
      double keySeconds,
      double encryptSeconds,
      double computeSeconds,
      double decryptSeconds,
      double plainSeconds) {
    public boolean exact() {
      return mismatches == 0;
    }

    /** Ciphertexts into the computing party (from the encrypting one). */
    public int ciphertextsIn() {
      return kernel.matMul().ciphertextsIn();
    }

    /** Ciphertexts back to the encrypting party. */
    public int ciphertextsOut() {
      return kernel.matMul().ciphertextsOut();
    }

    /** The one-line verdict {@code verify conv} ends with. */
    public String verdict() {
      return String.format("verify conv: %s mismatches=%d outputs=%d cts_in=%d cts_out=%d",
          exact() ? "OK" : "FAIL", mismatches, outputs, ciphertextsIn(), ciphertextsOut());
    }
  }

  /**
   * Runs the check with shares uniform mod t and signed weights of weightBits bits (zero with
   * probability sparsity), everything drawn from the seed.
   *
   * @throws IllegalArgumentException if the shape is not {@link #supports supported}
   * @throws ConvOptionException if weightBits or sparsity is out of range
   */
  public Result runRandom(ConvShape shape, int weightBits, double sparsity, long seed) {
    if (!supports(shape)) {
      throw new IllegalArgumentException("Rhombus runs pointwise convolutions without padding: " + shape);
    }
    Prg prg = Prg.insecureSeeded(seed);
    long mask = params.tMask();
    long[] xc = new long[shape.inputSize()];
    long[] xs = new long[shape.inputSize()];
    prg.fillBits(xc, params.logT());
    prg.fillBits(xs, params.logT());
    long[] w = ConvVerification.randomWeights(shape, weightBits, sparsity, prg);
    long t0 = System.nanoTime();
    long[] x = new long[xc.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (xc[i] + xs[i]) & mask;
    }
    long[] reference = PlainConv.convolve(shape, x, w, params.logT());
    long t1 = System.nanoTime();
    RnsKeySwitch ctx = RnsKeySwitch.of(params);
    RhombusPointwise conv = new RhombusPointwise(ctx, shape);
    boolean client = conv.encryptor() == RhombusPointwise.Encryptor.CLIENT;
    Prg encrypter = prg.fork();
    Prg computer = prg.fork();
    SecretKey sk = SecretKey.generate(params.degree(), encrypter);
    GaloisKeys keys = GaloisKeys.generate(ctx, sk, conv.galoisElements(), encrypter);
    RnsZeroEncryptor zeros = new RnsZeroEncryptor(RnsPublicKey.generate(params, sk, encrypter), computer.fork());
    long t2 = System.nanoTime();
    List<RnsCiphertext> in = new ArrayList<>();
    for (RnsSeededCiphertext ct : conv.encrypt(client ? xc : w, new RnsEncryptor(params, sk, encrypter))) {
      in.add(ct.expand(params)); // as the computing party receives them
    }
    long t3 = System.nanoTime();
    RhombusPointwise.Masked masked = conv.compute(client ? w : xc, in, keys, zeros, computer);
    long t4 = System.nanoTime();
    double[] margin = new double[1];
    long[] decrypted = conv.decrypt(masked.outputs(), new RnsDecryptor(conv.outputParams(), sk), margin);
    long t5 = System.nanoTime();
    long[] own = conv.serverPart(w, xs);
    long t6 = System.nanoTime();
    int mismatches = 0;
    int first = -1;
    long expectedAtFirst = 0;
    long actualAtFirst = 0;
    for (int i = 0; i < reference.length; i++) {
      long v = (decrypted[i] + masked.share()[i] + own[i]) & mask;
      if (v != reference[i] && mismatches++ == 0) {
        first = i;
        expectedAtFirst = reference[i];
        actualAtFirst = v;
      }
    }
    return new Result(conv, reference.length, mismatches, first, expectedAtFirst, actualAtFirst, margin[0],
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9, (t6 - t5) / 1e9);
  }
}
