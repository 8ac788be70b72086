package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.he.SecretKey;
import jaguar.he.rns.GaloisKeys;
import jaguar.he.rns.RnsCiphertext;
import jaguar.he.rns.RnsDecryptor;
import jaguar.he.rns.RnsEncryptor;
import jaguar.he.rns.RnsKeySwitch;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsRoundedEncoding;
import jaguar.he.rns.RnsSpec;
import jaguar.math.Prg;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RhombusMatMulTest {
  private static final RnsParams SMALL = RnsSpec.cheetah().withLogN(8).withInsecure(true).validate();
  static final RnsParams RHOMBUS = new RnsSpec(13, List.of(50, 50), 37, false).validate();

  /** A B mod t (A rows x inner, B inner x cols, row-major) with wrapping long arithmetic. */
  static long[] plainProduct(long[] a, long[] b, int rows, int inner, int cols, long mask) {
    long[] out = new long[rows * cols];
    long[] acc = new long[cols];
    for (int r = 0; r < rows; r++) {
      java.util.Arrays.fill(acc, 0);
      for (int i = 0; i < inner; i++) {
        long x = a[r * inner + i];
        int base = i * cols;
        for (int c = 0; c < cols; c++) {
          acc[c] += x * b[base + c];
        }
      }
      for (int c = 0; c < cols; c++) {
        out[r * cols + c] = acc[c] & mask;
      }
    }
    return out;
  }

  /**
   * Encrypts a random B, multiplies by a random A (both uniform mod t), decrypts and compares every
   * entry with the plaintext product; returns the worst decoding margin (bits) over the results.
   */
  static double check(RnsParams params, int rows, int inner, int cols, int split, RhombusKernel.Hoisting hoisting, long seed) {
    Prg prg = Prg.insecureSeeded(seed);
    int n = params.degree();
    SecretKey sk = SecretKey.generate(n, prg);
    RnsKeySwitch ctx = RnsKeySwitch.of(params);
    RhombusMatMul mm = new RhombusMatMul(ctx, rows, inner, cols, split, hoisting);
    GaloisKeys keys = GaloisKeys.generate(ctx, sk, mm.galoisElements(), prg);
    RnsEncryptor enc = new RnsEncryptor(params, sk, prg);
    RnsDecryptor dec = new RnsDecryptor(params, sk);
    RnsRoundedEncoding encoding = new RnsRoundedEncoding(params);
    long[] a = new long[rows * inner];
    long[] b = new long[inner * cols];
    prg.fillBits(a, params.logT());
    prg.fillBits(b, params.logT());
    long[] expected = plainProduct(a, b, rows, inner, cols, params.tMask());
    List<RnsCiphertext> in = new ArrayList<>();
    for (long[] m : mm.encodeInput(b)) {
      in.add(encoding.encrypt(enc, m));
    }
    long t0 = System.nanoTime();
    List<RnsCiphertext> out = mm.multiply(a, in, keys);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(out).hasSize(mm.ciphertextsOut());
    List<long[]> decrypted = new ArrayList<>();
    long[][] phase = new long[params.limbs()][n];
    long[] res = new long[1];
    double margin = 63;
    for (int k = 0; k < out.size(); k++) {
      decrypted.add(dec.decrypt(out.get(k)));
      dec.phaseInto(out.get(k), phase);
      for (int c : mm.outputCoefficients(k)) {
        dec.decode(phase, c, res);
        margin = Math.min(margin, dec.marginBits(res[0]));
      }
    }
    assertThat(mm.decode(decrypted)).as("%s", mm).isEqualTo(expected);
    if (n >= 8192) {
      System.out.printf("%s at %s: worst decoding margin %.1f bits, multiply %.2f s%n", mm, params, margin, seconds);
    }
    return margin;
  }

  @Test
  void smallShapesAreExactAtTheDefaultSplit() {
    long seed = 1;
    int[][] shapes = {
      {5, 7, 3}, {100, 30, 17}, {300, 64, 5}, {64, 16, 64}, {3, 256, 1}, {256, 256, 1}, {17, 200, 40},
      {1, 1, 1}, {40, 3, 300}, {256, 2, 256}
    };
    for (int[] s : shapes) {
      assertThat(check(SMALL, s[0], s[1], s[2], -1, RhombusKernel.Hoisting.LAZY, seed++))
          .as("%d x %d x %d", s[0], s[1], s[2]).isGreaterThan(5);
    }
  }

  @Test
  void everySplitAndBothHoistingsGiveTheProduct() {
    long seed = 20;
    for (int[] s : new int[][] {{100, 30, 17}, {64, 16, 64}, {200, 130, 2}}) {
      int ellPrime = new RhombusMatMul(RnsKeySwitch.of(SMALL), s[0], s[1], s[2]).ellPrime();
      for (int split = 0; split <= ellPrime; split++) {
        for (RhombusKernel.Hoisting hoisting : RhombusKernel.Hoisting.values()) {
          assertThat(check(SMALL, s[0], s[1], s[2], split, hoisting, seed++))
              .as("%d x %d x %d split %d %s", s[0], s[1], s[2], split, hoisting).isGreaterThan(5);
        }
      }
    }
  }

  @Test
  void blocksOfTheInnerDimensionAndRowGroupsLargerThanN() {
    // inner 700 > N = 256: three blocks of 234 (c' = 256, h = 0) whose partial products are added;
    // 600 rows: several row groups (one output ciphertext each per column group)
    RhombusMatMul mm = new RhombusMatMul(RnsKeySwitch.of(SMALL), 600, 700, 3);
    assertThat(mm.blocks()).isEqualTo(3);
    assertThat(mm.rowGroups()).isEqualTo(3); // u = 0 at h = 0: 256 rows per group
    assertThat(check(SMALL, 600, 700, 3, -1, RhombusKernel.Hoisting.LAZY, 41)).isGreaterThan(5);
    assertThat(check(SMALL, 1000, 513, 1, -1, RhombusKernel.Hoisting.LAZY, 42)).isGreaterThan(5);
    assertThat(check(SMALL, 70, 1024, 9, -1, RhombusKernel.Hoisting.CHAINED, 43)).isGreaterThan(5);
  }

  @Test
  void layoutCountsMatchRhombusEndToEndExamples() {
    RnsKeySwitch ctx = RnsKeySwitch.of(RHOMBUS);
    // 56^2 x 64 -> 256 (the server encrypts W^T, 64 x 256; the client's X^T is 3136 x 64)
    RhombusMatMul a = new RhombusMatMul(ctx, 3136, 64, 256);
    assertThat(a.ellPrime()).isEqualTo(6);
    assertThat(a.split()).isEqualTo(3);
    assertThat(a.ciphertextsIn()).isEqualTo(2);
    assertThat(a.ciphertextsOut()).isEqualTo(98);
    assertThat(a.keySwitches()).isEqualTo(2 * 7 + 98 * 7);
    // 14^2 x 256 -> 1024 (the client encrypts X, 256 x 196; W is 1024 x 256)
    RhombusMatMul b = new RhombusMatMul(ctx, 1024, 256, 196);
    assertThat(b.ciphertextsIn()).isEqualTo(7);
    assertThat(b.ciphertextsOut()).isEqualTo(28);
    assertThat(b.keySwitches()).isEqualTo(7 * 15 + 28 * 15);
    // the FC, one column: the MVM layout (4 rows per leaf, 1000 rows padded to 1024, ell' = 8)
    RhombusMatMul fc = new RhombusMatMul(ctx, 1000, 2048, 1);
    assertThat(fc.logColumnsPerCiphertext()).isZero();
    assertThat(fc.ellPrime()).isEqualTo(8);
    assertThat(fc.ciphertextsOut()).isEqualTo(1);
    // 14^2 x 1024 -> 2048 stride 2 (HW' = 49, the client encrypts; W 2048 x 1024): ell' = 10,
    // where RhombusEnd2End's matrix product splits at 5 (its matrix-vector table has 4)
    RhombusMatMul down = new RhombusMatMul(ctx, 2048, 1024, 49);
    assertThat(down.ellPrime()).isEqualTo(10);
    assertThat(down.split()).isEqualTo(5);
    assertThat(RhombusKernel.defaultSplit(10)).isEqualTo(4);
    assertThat(new RhombusMatMul(ctx, 4096, 1024, 1).split()).as("one column: the MVM table").isEqualTo(RhombusKernel.defaultSplit(new RhombusMatMul(ctx, 4096, 1024, 1).ellPrime()));
    assertThatThrownBy(() -> new RhombusMatMul(ctx, 10, 10, 10, 9, RhombusKernel.Hoisting.LAZY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resnetFiftyLargestPointwiseProductsKeepSeveralBitsAtNEightThousand() {
    // 7 x 7 layers of ResNet-50's last stage (HW = 49 <= co: the client encrypts X, the server's
    // W is the plaintext), both matrices uniform mod 2^37: 2048 -> 512 (c' = 2048, ell' = 9),
    // 512 -> 2048 (c' = 512, four row groups of ell' = 9) and the stride-2 downsample 1024 -> 2048
    // (c' = 1024, ell' = 10, the largest ell' of the network)
    double a = check(RHOMBUS, 512, 2048, 49, -1, RhombusKernel.Hoisting.LAZY, 51);
    double b = check(RHOMBUS, 2048, 512, 49, -1, RhombusKernel.Hoisting.LAZY, 52);
    double c = check(RHOMBUS, 2048, 1024, 49, -1, RhombusKernel.Hoisting.LAZY, 53);
    assertThat(Math.min(a, Math.min(b, c))).isGreaterThan(8);
    double chained = check(RHOMBUS, 2048, 1024, 49, -1, RhombusKernel.Hoisting.CHAINED, 53);
    assertThat(c).isGreaterThan(chained + 3);
  }
}
