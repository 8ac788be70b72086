package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import jaguar.math.Prg;
import org.junit.jupiter.api.Test;

/** The im2col kernels against a direct six-loop convolution, on random shapes. */
class Im2colProperties {
  private static Layer.Conv conv(int inPerGroup, int outPerGroup, int groups, int k, int stride, int pad) {
    return new Layer.Conv("c", inPerGroup * groups, outPerGroup * groups, k, stride, Math.min(pad, k - 1),
        groups, false);
  }

  /** y[m][oy][ox] = sum over the group's channels and taps, zero padding. */
  private static long[] direct(long[] x, long[] w, Layer.Conv c, int h, int wd, int oh, int ow) {
    long[] y = new long[c.out() * oh * ow];
    int cg = c.in() / c.groups();
    int mg = c.out() / c.groups();
    for (int m = 0; m < c.out(); m++) {
      int g = m / mg;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          long s = 0;
          for (int ci = 0; ci < cg; ci++) {
            for (int i = 0; i < c.k(); i++) {
              for (int j = 0; j < c.k(); j++) {
                int iy = oy * c.stride() + i - c.pad();
                int ix = ox * c.stride() + j - c.pad();
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                  s += w[((m * cg + ci) * c.k() + i) * c.k() + j] * x[((g * cg + ci) * h + iy) * wd + ix];
                }
              }
            }
          }
          y[(m * oh + oy) * ow + ox] = s;
        }
      }
    }
    return y;
  }

  @Test
  void integerAndFloatKernelsEqualTheDirectConvolution() {
    qt().withExamples(60).forAll(longs().all()).checkAssert(Im2colProperties::check);
  }

  /** One random shape and random data, all drawn from {@code seed}. */
  private static void check(long seed) {
    Prg shape = Prg.insecureSeeded(seed);
    int inPerGroup = 1 + shape.nextInt(3);
    int outPerGroup = 1 + shape.nextInt(5);
    int groups = 1 + shape.nextInt(3);
    int k = new int[] {1, 3, 5, 7}[shape.nextInt(4)];
    int stride = 1 + shape.nextInt(2);
    int pad = shape.nextInt(4);
    int extra = shape.nextInt(10);
    Layer.Conv c = conv(inPerGroup, outPerGroup, groups, k, stride, pad);
    int h = k + extra;
    int wd = k + (extra * 7 % 10);
    int oh = (h + 2 * c.pad() - k) / stride + 1;
    int ow = (wd + 2 * c.pad() - k) / stride + 1;
    Prg prg = shape;
    long[] x = new long[c.in() * h * wd];
    long[] w = new long[c.out() * (c.in() / groups) * k * k];
    float[] xf = new float[x.length];
    float[] wf = new float[w.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = prg.nextLong(2001) - 1000;
      xf[i] = x[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = prg.nextLong(201) - 100;
      wf[i] = w[i];
    }
    long[] want = direct(x, w, c, h, wd, oh, ow);
    int n = oh * ow;
    long[] cols = new long[FloatConv.colRows(c) * LongConv.stride(n)];
    LongConv.im2col(x, c, h, wd, oh, ow, cols);
    long[] out = new long[c.out() * LongConv.stride(n)];
    LongConv.forward(cols, c, n, w, out, 0, c.out());
    float[] fcols = new float[FloatConv.colsSize(c, n)];
    FloatConv.im2col(xf, 0, c, h, wd, oh, ow, fcols);
    float[] fy = new float[c.out() * n];
    FloatConv.forward(fcols, c, n, wf, null, fy, 0, 0, c.out(), new float[c.out() * FloatConv.stride(n)]);
    for (int m = 0; m < c.out(); m++) {
      for (int t = 0; t < n; t++) {
        assertThat(out[m * LongConv.stride(n) + t]).isEqualTo(want[m * n + t]);
        assertThat((double) fy[m * n + t]).isEqualTo((double) want[m * n + t]); // exact: |y| < 2^24
      }
    }
  }
}
