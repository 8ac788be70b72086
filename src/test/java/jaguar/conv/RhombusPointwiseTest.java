package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsPublicKey;
import jaguar.he.rns.RnsSpec;
import java.util.List;
import jaguar.he.rns.RnsZeroEncryptor;
import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class RhombusPointwiseTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  /** What one two-party run gives: shares checked against PlainConv, and the kernel's counts. */
  private record Outcome(RhombusPointwise conv, double margin, double seconds) {}

  /**
   * X_c, X_s uniform mod t and W of weightBits-bit signed entries (37: uniform mod t); the
   * encrypting party (the rule picks it) has its own key, Galois keys and public key; the shares
   * must add to PlainConv's W (X_c + X_s) mod t, and neither share alone may equal it.
   */
  private static Outcome run(RnsParams params, ConvShape shape, int weightBits, boolean rerandomise, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
    long mask = params.tMask();
    long[] xc = new long[shape.inputSize()];
    long[] xs = new long[shape.inputSize()];
    prg.fillBits(xc, params.logT());
    prg.fillBits(xs, params.logT());
    long[] w = new long[shape.weightSize()];
    prg.fillBits(w, weightBits);
    if (weightBits < params.logT()) {
      for (int i = 0; i < w.length; i++) {
        w[i] -= 1L << (weightBits - 1);
      }
    }
    long[] x = new long[xc.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (xc[i] + xs[i]) & mask;
    }
    long[] expected = PlainConv.convolve(shape, x, w, params.logT());

    RnsKeySwitch ctx = RnsKeySwitch.of(params);
    RhombusPointwise conv = new RhombusPointwise(ctx, shape);
    Prg encrypterPrg = prg.fork();
    SecretKey sk = SecretKey.generate(params.degree(), encrypterPrg);
    GaloisKeys keys = GaloisKeys.generate(ctx, sk, conv.galoisElements(), encrypterPrg);
    RnsZeroEncryptor zeros = rerandomise
        ? new RnsZeroEncryptor(RnsPublicKey.generate(params, sk, encrypterPrg), prg.fork())
        : null;
    long t0 = System.nanoTime();
    RhombusPointwise.Shares shares = conv.run(
        w, xc, xs, new RnsEncryptor(params, sk, encrypterPrg), new RnsDecryptor(conv.outputParams(), sk), keys, zeros, prg.fork());
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] sum = new long[expected.length];
    int clientEqual = 0;
    int serverEqual = 0;
    for (int i = 0; i < sum.length; i++) {
      sum[i] = (shares.client()[i] + shares.server()[i]) & mask;
      clientEqual += shares.client()[i] == expected[i] ? 1 : 0;
      serverEqual += shares.server()[i] == expected[i] ? 1 : 0;
    }
    assertThat(sum).as("%s", conv).isEqualTo(expected);
    assertThat(clientEqual).as("client share equal to the result").isLessThanOrEqualTo(1);
    assertThat(serverEqual).as("server share equal to the result").isLessThanOrEqualTo(1);
    if (params.degree() >= 8192) {
      System.out.printf("%s at %s: margin %.1f bits, %.2f s (one process, both parties)%n",
          conv, params, shares.minMarginBits(), seconds);
    }
    return new Outcome(conv, shares.minMarginBits(), seconds);
  }

  @Test
  void sharesReconstructTheConvolutionInBothDirections() {
    long seed = 1;
    ConvShape[] shapes = {
      new ConvShape(4, 4, 8, 32, 1, 1, 0, 1), // HW = 16 <= 32: the client encrypts
      new ConvShape(6, 6, 8, 4, 1, 1, 0, 1), // HW = 36 > 4: the server encrypts
      new ConvShape(7, 7, 20, 10, 1, 2, 0, 1), // stride 2: HW' = 16 > 10, server
      new ConvShape(9, 9, 300, 100, 1, 2, 0, 1), // HW' = 25 <= 100, client; ci > N: two blocks
      new ConvShape(3, 5, 3, 200, 1, 1, 0, 1), // client, one ciphertext, several row groups
      new ConvShape(20, 20, 16, 8, 1, 1, 0, 1), // server, 400 rows of X^T: row groups
      new ConvShape(1, 1, 64, 10, 1, 1, 0, 1), // an FC layer: one column
    };
    RhombusPointwise.Encryptor[] who = {
      RhombusPointwise.Encryptor.CLIENT, RhombusPointwise.Encryptor.SERVER, RhombusPointwise.Encryptor.SERVER,
      RhombusPointwise.Encryptor.CLIENT, RhombusPointwise.Encryptor.CLIENT, RhombusPointwise.Encryptor.SERVER,
      RhombusPointwise.Encryptor.CLIENT,
    };
    for (int i = 0; i < shapes.length; i++) {
      for (boolean rerandomise : new boolean[] {false, true}) {
        Outcome o = run(SMALL, shapes[i], 37, rerandomise, seed++);
        assertThat(o.conv().encryptor()).as("%s", shapes[i]).isEqualTo(who[i]);
        assertThat(o.margin()).as("%s", shapes[i]).isGreaterThan(5);
      }
    }
  }

  @Test
  void theProductsReturnAtOnePrimeWhileTheSwitchLeavesABit() {
    // Rhombus's parameters, N = 8192 and 50 + 50-bit primes: one prime up to t = 2^40, as
    // RhombusEnd2End's rule (mod_bits <= 40), but computed from the noise
    for (int ell : new int[] {37, 40, 41}) {
      RnsParams p = new RnsSpec(13, List.of(50, 50), ell, false).validate();
      double m = RhombusPointwise.returnMarginBits(p);
      int primes = RhombusPointwise.returnParams(p).limbs();
      switch (ell) {
        case 37 -> assertThat(m).isBetween(4.0, 4.5);
        case 40 -> assertThat(m).isBetween(1.0, 1.5);
        default -> assertThat(m).isBetween(0.0, 1.0);
      }
      assertThat(primes).as("ell=%d", ell).isEqualTo(ell <= 40 ? 1 : 2);
    }
    RnsParams one = RnsSpec.cheetah().withLogN(8).withInsecure(true).withPrimeBits(List.of(50)).validate();
    assertThat(RhombusPointwise.returnParams(one)).isSameAs(one); // nothing to drop
  }

  @Test
  void countsFollowTheDirection() {
    RnsKeySwitch ctx = RnsKeySwitch.of(SMALL);
    RhombusPointwise client = new RhombusPointwise(ctx, new ConvShape(9, 9, 300, 100, 1, 2, 0, 1));
    assertThat(client.clientToServer()).isEqualTo(client.matMul().ciphertextsIn());
    assertThat(client.serverToClient()).isEqualTo(client.matMul().ciphertextsOut());
    RhombusPointwise server = new RhombusPointwise(ctx, new ConvShape(6, 6, 8, 4, 1, 1, 0, 1));
    assertThat(server.serverToClient()).isEqualTo(server.matMul().ciphertextsIn());
    assertThat(server.clientToServer()).isEqualTo(server.matMul().ciphertextsOut());
    assertThatThrownBy(() -> new RhombusPointwise(ctx, new ConvShape(6, 6, 8, 4, 3, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RhombusPointwise(ctx, new ConvShape(6, 6, 8, 4, 1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resnetFiftyPointwiseLayersAtNEightThousand() {
    RnsParams p = RhombusMatMulTest.RHOMBUS;
    // layer1.x.conv3, 56^2 x 64 -> 256: HW = 3136 > 256, the server encrypts W^T (2 ciphertexts),
    // the client returns 98; 2 * 7 + 98 * 7 key switches
    Outcome a = run(p, new ConvShape(56, 56, 64, 256, 1, 1, 0, 1), 37, true, 61);
    assertThat(a.conv().encryptor()).isEqualTo(RhombusPointwise.Encryptor.SERVER);
    assertThat(a.conv().serverToClient()).isEqualTo(2);
    assertThat(a.conv().clientToServer()).isEqualTo(98);
    assertThat(a.conv().keySwitches()).isEqualTo(700);
    // layer3.x.conv3, 14^2 x 256 -> 1024: HW = 196 <= 1024, the client encrypts X_c (7), the
    // server returns 28; 7 * 15 + 28 * 15 key switches
    Outcome b = run(p, new ConvShape(14, 14, 256, 1024, 1, 1, 0, 1), 37, true, 62);
    assertThat(b.conv().encryptor()).isEqualTo(RhombusPointwise.Encryptor.CLIENT);
    assertThat(b.conv().clientToServer()).isEqualTo(7);
    assertThat(b.conv().serverToClient()).isEqualTo(28);
    assertThat(b.conv().keySwitches()).isEqualTo(525);
    // returned at the first prime: the switch's rounding (sigma about 21 at N = 8192) against
    // q0/(2t) = 2^12 leaves about 4.7 bits; at both primes it was above 12
    assertThat(a.conv().outputParams().limbs()).isEqualTo(1);
    assertThat(Math.min(a.margin(), b.margin())).isBetween(3.5, 7.0);
    // (the largest products of the network, 7 x 7 with ell' up to 10: RhombusMatMulTest)
  }
}
