package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.PackRlwes;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsRoundedEncoding;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import jaguar.math.Sampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class RhombusMatVecTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();

  /** W v mod t with wrapping long arithmetic (exact mod 2^logT). */
  private static long[] plainProduct(long[] w, long[] v, int rows, int cols, long mask) {
    long[] out = new long[rows];
    for (int i = 0; i < rows; i++) {
      long acc = 0;
      for (int j = 0; j < cols; j++) {
        acc += w[i * cols + j] * v[j];
      }
      out[i] = acc & mask;
    }
    return out;
  }

  /**
   * Runs W v for every split in splits (all of [0, ell'] when null) and checks each against the
   * plaintext product; returns the worst decoding margin (bits) over the output coefficients.
   */
  private static double check(RnsParams params, int rows, int cols, int[] splits, long seed) {
    double lazy = check(params, rows, cols, splits, seed, params.logT(), RhombusKernel.Hoisting.LAZY);
    double chained = check(params, rows, cols, splits, seed, params.logT(), RhombusKernel.Hoisting.CHAINED);
    return Math.min(lazy, chained);
  }

  /** As above with signed weights of weightBits bits (in [-2^(bits-1), 2^(bits-1))), bits <= logT. */
  static double check(
      RnsParams params, int rows, int cols, int[] splits, long seed, int weightBits, RhombusKernel.Hoisting hoisting) {
    Prg prg = Prg.insecureSeeded(seed);
    int n = params.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    RnsKeySwitch ctx = RnsKeySwitch.of(params);
    RnsEncryptor enc = new RnsEncryptor(params, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(params, sk);
    long[] w = new long[rows * cols];
    long[] v = new long[cols];
    Sampler.uniformBits(prg, w, weightBits);
    for (int i = 0; i < w.length && weightBits < params.logT(); i++) {
      w[i] -= 1L << (weightBits - 1);
    }
    Sampler.uniformBits(prg, v, params.logT());
    long[] expected = plainProduct(w, v, rows, cols, params.tMask());
    if (splits == null) {
      int logN = Integer.numberOfTrailingZeros(n);
      int logC = PackRlwes.levels(cols);
      int ellPrime = Math.max(PackRlwes.levels(rows), logN - logC) + logC - logN;
      splits = new int[ellPrime + 1];
      for (int s = 0; s <= ellPrime; s++) {
        splits[s] = s;
      }
    }
    double worst = 63;
    long[][] phase = new long[params.limbs()][n];
    long[] res = new long[1];
    for (int s : splits) {
      RhombusMatVec mv = new RhombusMatVec(ctx, rows, cols, w, s, hoisting);
      GaloisKeys keys = GaloisKeys.generate(ctx, sk, mv.galoisElements(), prg);
      RnsCiphertext ct = new RnsRoundedEncoding(params).encrypt(enc, mv.encodeInput(v));
      RnsCiphertext out = mv.multiply(ct, keys);
      long[] got = mv.decodeOutput(dec.decrypt(out));
      assertThat(got).as("%d x %d, split %d of %d", rows, cols, s, mv.ellPrime()).containsExactly(expected);
      dec.phaseInto(out, phase);
      int stride = n / mv.paddedRows();
      double margin = 63;
      for (int k = 0; k < rows; k++) {
        dec.decode(phase, k * stride, res);
        margin = Math.min(margin, dec.marginBits(res[0]));
      }
      if (n >= 8192) {
        System.out.printf("Rhombus MVM %d x %d (ell' = %d, split %d, %d-bit weights, %s) at %s: worst decoding margin %.1f bits%n",
            rows, cols, mv.ellPrime(), s, weightBits, hoisting, params, margin);
      }
      worst = Math.min(worst, margin);
    }
    return worst;
  }

  @Test
  void squareFullMatrixAtEverySplit() {
    // 256 x 256 at N = 256: h = 0, ell' = 8
    assertThat(check(SMALL, 256, 256, null, 1)).isGreaterThan(5);
  }

  @Test
  void paddedShapesAtEverySplit() {
    long seed = 10;
    for (int[] rc : new int[][] {{100, 30}, {30, 100}, {17, 200}, {200, 17}, {3, 5}, {256, 1}, {1, 256}, {64, 4}, {5, 129}}) {
      assertThat(check(SMALL, rc[0], rc[1], null, seed++)).as("%d x %d", rc[0], rc[1]).isGreaterThan(5);
    }
  }

  @Test
  void shapeArithmetic() {
    RhombusMatVec mv = new RhombusMatVec(SMALL, 100, 30, new long[3000], 2);
    // c' = 32, h = 3, r' = 128, ell' = 7 + 5 - 8 = 4
    assertThat(mv.paddedCols()).isEqualTo(32);
    assertThat(mv.paddedRows()).isEqualTo(128);
    assertThat(mv.ellPrime()).isEqualTo(4);
    // lazy: sigma_1 = 17, sigma_2 = 33, sigma_3 = 17 * 33 mod 512 = 49; packing 65, 129
    assertThat(mv.galoisElements()).containsExactly(17, 33, 49, 65, 129);
    assertThat(mv.keySwitches()).isEqualTo(3 + 3);
    RhombusMatVec chained = new RhombusMatVec(RnsKeySwitch.of(SMALL), 100, 30, new long[3000], 2, RhombusKernel.Hoisting.CHAINED);
    assertThat(chained.galoisElements()).containsExactly(17, 33, 65, 129);
    RhombusMatVec thin = new RhombusMatVec(SMALL, 3, 5, new long[15], 0);
    assertThat(thin.paddedRows()).isEqualTo(32); // r' c' >= N
    assertThat(thin.ellPrime()).isZero();
    assertThat(RhombusMatVec.defaultSplit(13)).isEqualTo(5);
    assertThatThrownBy(() -> new RhombusMatVec(SMALL, 100, 30, new long[3000], 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rhombusParametersAtNEightThousand() {
    // N = 8192, 50 + 50-bit primes, t = 2^37; 1000 x 600: c' = 1024, h = 3, r' = 1024, ell' = 7
    RnsParams p = new RnsSpec(13, List.of(50, 50), 37, false).validate();
    int ellPrime = 7;
    double margin = check(p, 1000, 600, new int[] {0, RhombusMatVec.defaultSplit(ellPrime), ellPrime}, 99);
    assertThat(margin).isGreaterThan(5);
  }

  @Test
  void largestShapeAtNEightThousandWithFullWeightsLazy() {
    // 8192 x 8192 at N = 8192: h = 0, ell' = 13, Rhombus's split 5; about 1.5 GiB of weight
    // tables. With weights of the full 37 bits the chained hoisting keeps under one bit of margin
    // here (the rounding of the input automorphisms' key switches times P, times 2^(ell'-s)); the
    // lazy one divides by P once, after the products.
    RnsParams p = new RnsSpec(13, List.of(50, 50), 37, false).validate();
    double margin = check(p, 8192, 8192, new int[] {RhombusMatVec.defaultSplit(13)}, 98, 37, RhombusKernel.Hoisting.LAZY);
    assertThat(margin).isGreaterThan(5);
  }

  @Test
  void resnetFcShapeKeepsSeveralBitsLazyAndGainsOverChained() {
    // ResNet-50's FC: 1000 x 2048 at N = 8192 (c' = 2048, h = 2, r' = 1024, ell' = 8, split 4),
    // full 37-bit weights
    RnsParams p = new RnsSpec(13, List.of(50, 50), 37, false).validate();
    int[] split = {RhombusMatVec.defaultSplit(8)};
    double lazy = check(p, 1000, 2048, split, 97, 37, RhombusKernel.Hoisting.LAZY);
    double chained = check(p, 1000, 2048, split, 97, 37, RhombusKernel.Hoisting.CHAINED);
    assertThat(lazy).isGreaterThan(8);
    assertThat(lazy).isGreaterThan(chained + 3);
  }
}
