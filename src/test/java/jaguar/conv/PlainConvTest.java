package jaguar.conv;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

class PlainConvTest {
  /** The definition, one output at a time, with bounds checks: independent of PlainConv's loops. */
  static long[] naive(ConvShape s, long[] x, long[] w, int logT) {
    long[] out = new long[s.outputSize()];
    int cpg = s.channelsPerGroup();
    for (int m = 0; m < s.co(); m++) {
      for (int oy = 0; oy < s.outH(); oy++) {
        for (int ox = 0; ox < s.outW(); ox++) {
          long acc = 0;
          for (int cl = 0; cl < cpg; cl++) {
            int c = s.groupOf(m) * cpg + cl;
            for (int i = 0; i < s.k(); i++) {
              for (int j = 0; j < s.k(); j++) {
                int y = oy * s.stride() + i - s.pad();
                int z = ox * s.stride() + j - s.pad();
                if (y >= 0 && y < s.h() && z >= 0 && z < s.w()) {
                  acc += w[((m * cpg + cl) * s.k() + i) * s.k() + j] * x[(c * s.h() + y) * s.w() + z];
                }
              }
            }
          }
          out[(m * s.outH() + oy) * s.outW() + ox] = acc & ((1L << logT) - 1);
        }
      }
    }
    return out;
  }

  @Test
  void knownAnswerWithPaddingAndStride() {
    // 1 channel 3x3 input 1..9, 2x2 filter [[1, 0], [0, -1]], pad 1, stride 2 -> 2x2 output
    ConvShape s = new ConvShape(3, 3, 1, 1, 2, 2, 1, 1);
    long[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    long[] w = {1, 0, 0, -1};
    long[] out = PlainConv.convolve(s, x, w, 8);
    // padded rows/cols -1..3; output (oy, ox) = x[2oy-1][2ox-1] - x[2oy][2ox]
    // (0,0): 0 - 1 = -1; (0,1): 0 - 3 = -3; (1,0): 0 - 7 = -7; (1,1): 5 - 9 = -4   (mod 256)
    assertThat(out).containsExactly(255, 253, 249, 252);
  }

  @Test
  void matchesTheDefinitionOnRandomShapes() {
    Prg prg = Prg.insecureSeeded(5);
    for (int trial = 0; trial < 200; trial++) {
      int k = 1 + prg.nextInt(5);
      int pad = prg.nextInt(k);
      int h = Math.max(1, k - 2 * pad) + prg.nextInt(9);
      int w = Math.max(1, k - 2 * pad) + prg.nextInt(9);
      int groups = 1 + prg.nextInt(3);
      int ci = groups * (1 + prg.nextInt(3));
      int co = groups * (1 + prg.nextInt(3));
      ConvShape s = new ConvShape(h, w, ci, co, k, 1 + prg.nextInt(3), pad, groups);
      long[] x = new long[s.inputSize()];
      prg.fillBits(x, 20);
      long[] wt = ConvVerification.randomWeights(s, 6, 0.2, prg);
      assertThat(PlainConv.convolve(s, x, wt, 20)).as("%s", s).containsExactly(naive(s, x, wt, 20));
    }
  }
}
