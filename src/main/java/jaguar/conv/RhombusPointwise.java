package jaguar.conv;

import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsModulusSwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsRoundedEncoding;
import jaguar.he.rns.RnsSeededCiphertext;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;

/**
 * A pointwise (1 x 1, pad 0, groups 1) convolution of secret-shared input X = X_c + X_s mod t
 * (ci x H x W; stride > 1 subsamples it first) with the server's weights W (co x ci), as
 * RhombusEnd2End runs it: one {@link RhombusMatMul}, and at the end additive shares mod t of W X
 * (co x H' x W', tensor order) for the two parties.
 *
 * <p>Who encrypts (RhombusEnd2End's rule, HW' = H' W'): if HW' <= co the client encrypts its share
 * X_c and the server computes W Enc(X_c) (A = W, B = X_c); otherwise the server encrypts W^T under
 * its own key and the client computes X_c^T Enc(W^T) = (W X_c)^T (A = X_c^T, B = W^T). The
 * computing party re-randomises each output with an encryption of zero under the encrypting
 * party's public key (optional: null turns it off, as RhombusEnd2End has it), subtracts a uniform
 * mask r mod t at the result coefficients, zeroes the other c0 coefficients, and keeps r as its
 * share; the encrypting party decrypts W X_c - r. The server adds W X_s, computed in the clear
 * ({@link #serverPart}). So: client encrypts: client D, server r + W X_s; server encrypts: client
 * r, server D + W X_s. Flooding is optional ({@link #cheetahFloodBits}: OpenCheetah's size; RhombusEnd2End
 * has none).
 *
 * <p>Return level ({@link #returnParams}): the products and the packing run at every prime of
 * params; each packed output is then re-randomised there and switched down once ({@link
 * RnsModulusSwitch}, rounding) to the first prime when that leaves at least {@link
 * #MIN_RETURN_MARGIN_BITS} of margin ({@link #returnMarginBits}), so the flood, the mask and the
 * wire are at one prime. RhombusEnd2End also returns at one prime (for ell <= 40) but rescales
 * every leaf before packing, which multiplies the rounding by the packing levels and leaves its
 * results a few units off at times; switching after packing keeps them exact.
 *
 * <p>The steps ({@link #encrypt}, {@link #compute}, {@link #decrypt}, {@link #serverPart}) are local
 * and name their party by role, so either side of a two-party engine calls the ones its role
 * gives it; {@link #run} runs all of them in one process. The encrypting party must give the
 * computing one Galois keys for {@link #galoisElements} (and a public key for re-randomisation):
 * both parties make and send keys at setup. Immutable and thread-safe (the steps that draw
 * randomness take a {@link Prg}).
 */
public final class RhombusPointwise {
  /** The party that encrypts its matrix (and decrypts the result). */
  public enum Encryptor {
    CLIENT,
    SERVER
  }

  private final RnsParams params;
  private final ConvShape shape;
  private final int hw;
  private final Encryptor encryptor;
  private final RhombusMatMul mm;
  private final RnsRoundedEncoding encoding; // at params: the encrypting party's inputs
  private final RnsParams out; // the return level
  private final RnsModulusSwitch toReturn; // params -> out, or null when out = params
  private final RnsRoundedEncoding returnEncoding;

  /**
   * Per-coefficient failure target of the one-prime rule, 2^-40: the switch's rounding r0 + r1 s
   * is taken as Gaussian at that tail (z of about 7.1).
   */
  public static final double RETURN_FAILURE_LOG2 = -40;

  /** One prime is used for the return only if it leaves at least this margin ({@link #returnMarginBits}). */
  public static final double MIN_RETURN_MARGIN_BITS = 1;

  /**
   * The smallest two-prime product margin (bits) the rule assumes: the measured worst case over
   * the networks' pointwise shapes and the 8192 x 8192 MVM is about 8.5 bits (docs/rhombus-return.md);
   * after the switch it adds q0/(2t) 2^-8 to the error. The decryption's margin is measured in
   * every run.
   */
  static final double PRODUCT_MARGIN_BITS = 8;

  /** The lazy kernels with Rhombus's split points. */
  public RhombusPointwise(RnsKeySwitch ctx, ConvShape shape) {
    this(ctx, shape, RhombusKernel.Hoisting.LAZY);
  }

  public RhombusPointwise(RnsKeySwitch ctx, ConvShape shape, RhombusKernel.Hoisting hoisting) {
    if (shape.type() != ConvType.POINTWISE || shape.pad() != 0) {
      throw new IllegalArgumentException("not a pointwise convolution without padding: " + shape);
    }
    this.params = ctx.params();
    this.shape = shape;
    this.hw = shape.outH() * shape.outW();
    this.encryptor = hw <= shape.co() ? Encryptor.CLIENT : Encryptor.SERVER;
    this.mm = encryptor == Encryptor.CLIENT
        ? new RhombusMatMul(ctx, shape.co(), shape.ci(), hw, -1, hoisting)
        : new RhombusMatMul(ctx, hw, shape.ci(), shape.co(), -1, hoisting);
    this.encoding = new RnsRoundedEncoding(params);
    this.out = returnParams(params);
    this.toReturn = out.limbs() == params.limbs() ? null : new RnsModulusSwitch(params, out);
    this.returnEncoding = new RnsRoundedEncoding(out);
  }

  /**
   * Bits of margin a return at the first prime q0 alone would leave, for OpenCheetah's flooding at
   * that prime ({@link #cheetahFloodBits}): log2((q0/(2t) - flood half-width) / (z sigma + q0/(2t)
   * 2^-{@link #PRODUCT_MARGIN_BITS} + 1/2)), with sigma^2 = (1 + 2N/3)/12 the variance of the
   * switch's rounding r0 + r1 s for a uniform ternary s, z the two-sided Gaussian quantile at
   * 2^{@link #RETURN_FAILURE_LOG2}, 1/2 the mask's encoding. About 4.2 bits at N = 8192, 50-bit q0
   * and t = 2^37; 1.3 at t = 2^40; 0.3 at 2^41.
   */
  public static double returnMarginBits(RnsParams params) {
    RnsParams one = params.prefix(1);
    double halfDelta = one.modulus(0).value() / Math.scalb(2.0, params.logT());
    int flood = cheetahFloodBits(one);
    double floodHalf = flood > 0 ? Math.scalb(1.0, flood - 1) : 0;
    double sigma = Math.sqrt((1 + 2.0 * params.degree() / 3) / 12);
    double z = -new org.apache.commons.math3.distribution.NormalDistribution()
        .inverseCumulativeProbability(Math.scalb(1.0, (int) RETURN_FAILURE_LOG2 - 1));
    double error = z * sigma + halfDelta * Math.scalb(1.0, (int) -PRODUCT_MARGIN_BITS) + 0.5;
    return Math.log((halfDelta - floodHalf) / error) / Math.log(2);
  }

  /**
   * Where the masked outputs are returned: the first prime of params when params has two or more
   * and {@link #returnMarginBits} is at least {@link #MIN_RETURN_MARGIN_BITS}, else params itself.
   * The same for every layer of a context, so both parties derive it from the parameters.
   */
  public static RnsParams returnParams(RnsParams params) {
    if (params.limbs() < 2 || returnMarginBits(params) < MIN_RETURN_MARGIN_BITS) {
      return params;
    }
    RnsParams p = params;
    while (p.limbs() > 1) {
      p = p.prefix(p.limbs() - 1);
    }
    return p;
  }

  /** The parameters of the masked outputs (and of the decryptor {@link #decrypt} needs). */
  public RnsParams outputParams() {
    return out;
  }

  public ConvShape shape() {
    return shape;
  }

  public Encryptor encryptor() {
    return encryptor;
  }

  /** The product run by the computing party. */
  public RhombusMatMul matMul() {
    return mm;
  }

  /** The Galois elements the computing party needs keys for (made by the encrypting party). */
  public int[] galoisElements() {
    return mm.galoisElements();
  }

  /** Ciphertexts the client sends the server. */
  public int clientToServer() {
    return encryptor == Encryptor.CLIENT ? mm.ciphertextsIn() : mm.ciphertextsOut();
  }

  /** Ciphertexts the server sends the client. */
  public int serverToClient() {
    return encryptor == Encryptor.CLIENT ? mm.ciphertextsOut() : mm.ciphertextsIn();
  }

  /** Key switches of the computing party's product. */
  public long keySwitches() {
    return mm.keySwitches();
  }

  /** x (ci x H x W) at the stride's positions: ci x HW', row-major. */
  long[] subsample(long[] x) {
    if (x.length != shape.inputSize()) {
      throw new IllegalArgumentException(x.length + " inputs for " + shape);
    }
    int s = shape.stride();
    int oh = shape.outH();
    int ow = shape.outW();
    long[] out = new long[shape.ci() * hw];
    for (int c = 0; c < shape.ci(); c++) {
      for (int y = 0; y < oh; y++) {
        int src = (c * shape.h() + y * s) * shape.w();
        int dst = c * hw + y * ow;
        for (int x0 = 0; x0 < ow; x0++) {
          out[dst + x0] = x[src + x0 * s];
        }
      }
    }
    return out;
  }

  private static long[] transpose(long[] m, int rows, int cols) {
    long[] out = new long[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = m[r * cols + c];
      }
    }
    return out;
  }

  private void checkWeights(long[] weights) {
    if (weights.length != shape.weightSize()) {
      throw new IllegalArgumentException(weights.length + " weights for " + shape);
    }
  }

  /**
   * The encrypting party's B: the client's input share (ci x H x W) when the client encrypts, the
   * server's weights (co x ci) when the server does.
   */
  private long[] encryptedMatrix(long[] own) {
    if (encryptor == Encryptor.CLIENT) {
      return subsample(own);
    }
    checkWeights(own);
    return transpose(own, shape.co(), shape.ci());
  }

  /** The computing party's A: the server's weights (client encrypts) or X_c^T (server encrypts). */
  private long[] plainMatrix(long[] own) {
    if (encryptor == Encryptor.CLIENT) {
      checkWeights(own);
      return own;
    }
    return transpose(subsample(own), shape.ci(), hw);
  }

  /**
   * Encrypting party: its matrix in {@link RhombusMatMul#ciphertextsIn} seeded ciphertexts (rounded
   * encoding) under its own key, to send. own: the client's input share (ci x H x W, mod t) when
   * {@link #encryptor} is CLIENT, the server's weights (co x ci, mod t) when it is SERVER.
   */
  public List<RnsSeededCiphertext> encrypt(long[] own, RnsEncryptor enc) {
    long[][] messages = mm.encodeInput(encryptedMatrix(own));
    List<RnsSeededCiphertext> out = new ArrayList<>(messages.length);
    long[] zero = new long[params.degree()];
    for (long[] m : messages) {
      RnsSeededCiphertext ct = enc.encryptSeeded(zero);
      encoding.addInto(m, ct.c0());
      out.add(ct);
    }
    return out;
  }

  /** What the computing party ends with: the masked outputs to send, and its share r (tensor order). */
  public record Masked(List<RnsCiphertext> outputs, long[] share) {}

  /**
   * Computing party: the product of its matrix with the received ciphertexts (expanded), each
   * output re-randomised with zeros (the encrypting party's public key; null: not), masked with a
   * fresh uniform r from prg at every result coefficient and with the other c0 coefficients set to
   * zero, at {@link #outputParams}. own: the server's weights (co x ci) when {@link #encryptor} is CLIENT, the client's
   * input share (ci x H x W) when it is SERVER. keys: the encrypting party's, for {@link
   * #galoisElements}. The inputs are not modified.
   */
  public Masked compute(long[] own, List<RnsCiphertext> in, GaloisKeys keys, RnsZeroEncryptor zeros, Prg prg) {
    return compute(own, in, keys, zeros, 0, prg);
  }

  /**
   * OpenCheetah's flooding size for these parameters: logQ - logT - 2 bits (uniform noise of a
   * quarter of Delta, half-width Delta / 8; {@code CheetahExportSpec}'s default rule).
   */
  public static int cheetahFloodBits(RnsParams params) {
    return params.spec().logQ() - params.logT() - 2;
  }

  /**
   * As {@link #compute(long[], List, GaloisKeys, RnsZeroEncryptor, Prg)}, and before masking each
   * result coefficient of c0 is flooded with uniform centred noise in [-2^(floodBits-1),
   * 2^(floodBits-1)) from prg (0: none) at {@link #outputParams}, as Cheetah's export floods (so
   * the noise the decryptor sees is dominated by fresh randomness rather than by the computing
   * party's matrix). Order per output: re-randomise (at params, where its noise is divided away
   * by the switch), switch to the return level, flood, mask. Flooding after the switch with
   * {@code cheetahFloodBits(outputParams())} is OpenCheetah's rule at the prime that is sent;
   * flooding with more bits before it would give the same distribution after the division.
   *
   * @throws IllegalArgumentException if floodBits is outside 0..min(94, {@code
   *     cheetahFloodBits(outputParams())})
   */
  public Masked compute(long[] own, List<RnsCiphertext> in, GaloisKeys keys, RnsZeroEncryptor zeros, int floodBits, Prg prg) {
    checkFlood(floodBits);
    return mask(mm.multiply(plainMatrix(own), in, keys), zeros, floodBits, prg);
  }

  private void checkFlood(int floodBits) {
    int maxFlood = Math.min(94, cheetahFloodBits(out));
    if (floodBits < 0 || floodBits > maxFlood) {
      throw new IllegalArgumentException("flood bits: " + floodBits + "; valid: 0.." + maxFlood + " (a quarter of Delta)");
    }
  }

  /**
   * The computing party's matrix (own: as for {@link #compute}) with its kernels built once
   * ({@link RhombusMatMul#prepare}), for repeated {@link #product} calls on new inputs.
   */
  public RhombusMatMul.Prepared prepare(long[] own) {
    return mm.prepare(plainMatrix(own));
  }

  /**
   * The bare packed products of a prepared matrix with the received ciphertexts (input-side
   * automorphisms, products, packing), at params, before re-randomisation and masking ({@link
   * #mask}).
   */
  public List<RnsCiphertext> product(RhombusMatMul.Prepared own, List<RnsCiphertext> in, GaloisKeys keys) {
    return mm.multiply(own, in, keys);
  }

  /**
   * The second half of {@link #compute}: re-randomise (zeros, or null), switch to the return level,
   * flood (floodBits, 0 for none), mask with a fresh r from prg and zero the other c0
   * coefficients, for the packed products of {@link #product} (modified: re-randomised in place).
   */
  public Masked mask(List<RnsCiphertext> products, RnsZeroEncryptor zeros, int floodBits, Prg prg) {
    checkFlood(floodBits);
    if (products.size() != mm.ciphertextsOut()) {
      throw new IllegalArgumentException(products.size() + " products for " + mm.ciphertextsOut());
    }
    List<RnsCiphertext> outputs = new ArrayList<>(products.size());
    long mask = params.tMask();
    long[] share = new long[shape.outputSize()];
    boolean[] used = new boolean[params.degree()];
    for (int k = 0; k < products.size(); k++) {
      RnsCiphertext ct = products.get(k);
      if (zeros != null) {
        zeros.rerandomise(ct);
      }
      if (toReturn != null) {
        ct = toReturn.apply(ct);
      }
      outputs.add(ct);
      int[] coefficients = mm.outputCoefficients(k);
      int[] entries = mm.outputEntries(k);
      java.util.Arrays.fill(used, false);
      for (int j = 0; j < coefficients.length; j++) {
        if (floodBits > 0) {
          flood(ct.c0(), coefficients[j], floodBits, prg);
        }
        long r = prg.nextLong() & mask;
        returnEncoding.subtractAt(ct.c0(), coefficients[j], r);
        share[tensorIndex(entries[j])] = r;
        used[coefficients[j]] = true;
      }
      for (long[] c0 : ct.c0()) {
        for (int i = 0; i < c0.length; i++) {
          if (!used[i]) {
            c0[i] = 0;
          }
        }
      }
    }
    return new Masked(outputs, share);
  }

  /**
   * c0[.][i] += e mod every prime, e uniform in [-2^(bits-1), 2^(bits-1)): drawn as e = a 2^31 + b
   * with b uniform in [0, 2^31) and a uniform signed of bits - 31 bits when bits > 62.
   */
  private void flood(long[][] c0, int i, int bits, Prg prg) {
    if (bits <= 62) {
      long e = (prg.nextLong() >>> (64 - bits)) - (1L << (bits - 1));
      for (int l = 0; l < c0.length; l++) {
        var m = out.modulus(l);
        c0[l][i] = m.add(c0[l][i], m.reduceSigned(e));
      }
      return;
    }
    int hiBits = bits - 31;
    long a = (prg.nextLong() >>> (64 - hiBits)) - (1L << (hiBits - 1));
    long b = prg.nextLong() >>> 33;
    for (int l = 0; l < c0.length; l++) {
      var m = out.modulus(l);
      long e = m.add(m.mul(m.reduceSigned(a), m.reduce(1L << 31)), m.reduce(b));
      c0[l][i] = m.add(c0[l][i], e);
    }
  }

  /** Output tensor index (o * HW' + p) of MatMul entry row * cols + col. */
  private int tensorIndex(int entry) {
    if (encryptor == Encryptor.CLIENT) {
      return entry; // rows co, cols HW'
    }
    int p = entry / shape.co(); // rows HW', cols co
    int o = entry - p * shape.co();
    return o * hw + p;
  }

  /**
   * Encrypting party: its share W X_c - r (tensor order, mod t) from the computing party's
   * outputs, with a decryptor of its key at {@link #outputParams}; if minMargin is not null, minMargin[0] receives the smallest decryption margin in
   * bits over the results (0 or below would be a failure).
   */
  public long[] decrypt(List<RnsCiphertext> outputs, RnsDecryptor dec, double[] minMargin) {
    if (outputs.size() != mm.ciphertextsOut()) {
      throw new IllegalArgumentException(outputs.size() + " ciphertexts for " + mm.ciphertextsOut());
    }
    if (dec.params().limbs() != out.limbs()) {
      throw new IllegalArgumentException("decryptor at " + dec.params() + "; the outputs are at " + out);
    }
    long[] share = new long[shape.outputSize()];
    long[][] phase = new long[out.limbs()][params.degree()];
    long[] residual = new long[1];
    double worst = 63;
    for (int k = 0; k < outputs.size(); k++) {
      dec.phaseInto(outputs.get(k), phase);
      int[] coefficients = mm.outputCoefficients(k);
      int[] entries = mm.outputEntries(k);
      for (int j = 0; j < coefficients.length; j++) {
        share[tensorIndex(entries[j])] = dec.decode(phase, coefficients[j], residual);
        worst = Math.min(worst, dec.marginBits(residual[0]));
      }
    }
    if (minMargin != null) {
      minMargin[0] = worst;
    }
    return share;
  }

  /** Server: W X_s mod t (co x H' x W'), its plaintext part, from its input share (ci x H x W). */
  public long[] serverPart(long[] weights, long[] xServer) {
    checkWeights(weights);
    long[] x = subsample(xServer);
    int ci = shape.ci();
    long[] out = new long[shape.outputSize()];
    for (int o = 0; o < shape.co(); o++) {
      int dst = o * hw;
      for (int c = 0; c < ci; c++) {
        long w = weights[o * ci + c];
        int src = c * hw;
        for (int p = 0; p < hw; p++) {
          out[dst + p] += w * x[src + p];
        }
      }
      for (int p = 0; p < hw; p++) {
        out[dst + p] &= params.tMask();
      }
    }
    return out;
  }

  /** Both parties' shares (tensor order, mod t), the margin the decryption measured. */
  public record Shares(long[] client, long[] server, double minMarginBits) {}

  /**
   * Both halves in one process: the encrypting party's key material (sk via its encryptor,
   * decryptor at {@link #outputParams}, Galois keys, encryptions of zero under its public key or null) and each party's
   * data and randomness. The shares add to W (X_c + X_s) mod t.
   */
  public Shares run(
      long[] weights, long[] xClient, long[] xServer, RnsEncryptor enc, RnsDecryptor dec, GaloisKeys keys,
      RnsZeroEncryptor zeros, Prg computePrg) {
    boolean client = encryptor == Encryptor.CLIENT;
    List<RnsCiphertext> in = new ArrayList<>();
    for (RnsSeededCiphertext ct : encrypt(client ? xClient : weights, enc)) {
      in.add(ct.expand(params));
    }
    Masked m = compute(client ? weights : xClient, in, keys, zeros, computePrg);
    double[] margin = new double[1];
    long[] d = decrypt(m.outputs(), dec, margin);
    long[] own = serverPart(weights, xServer);
    long[] serverShare = client ? m.share() : d;
    long mask = params.tMask();
    for (int i = 0; i < own.length; i++) {
      serverShare[i] = (serverShare[i] + own[i]) & mask;
    }
    return new Shares(client ? d : m.share(), serverShare, margin[0]);
  }

  @Override
  public String toString() {
    return String.format("Rhombus pointwise %s: the %s encrypts; %d ciphertexts client -> server, %d server ->"
        + " client, %d key switches, returned at %d prime(s) (%s)", shape, encryptor == Encryptor.CLIENT ? "client" : "server",
        clientToServer(), serverToClient(), keySwitches(), out.limbs(), mm);
  }
}
