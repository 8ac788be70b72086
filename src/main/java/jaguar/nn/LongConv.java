package jaguar.nn;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Integer convolution kernels for the fixed-point engine: the same im2col layout as {@link
 * FloatConv} (rows {@link #stride(int)} apart, zero tails) over {@code long}, products and sums
 * wrapping mod 2^64 like Java {@code long} arithmetic (exact whenever the true value fits in 63
 * bits; callers check that bound).
 */
final class LongConv {
  private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private LongConv() {}

  static int stride(int n) {
    return (n + L - 1) / L * L;
  }

  static void im2col(long[] x, Layer.Conv c, int h, int w, int oh, int ow, long[] cols) {
    int k = c.k();
    int s = c.stride();
    int p = c.pad();
    int n = oh * ow;
    int ns = stride(n);
    for (int ci = 0; ci < c.in(); ci++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int row = ((ci * k + i) * k + j) * ns;
          java.util.Arrays.fill(cols, row, row + ns, 0L);
          int lo = Math.max(0, FloatConv.ceilDiv(p - j, s));
          int hi = Math.min(ow, Math.floorDiv(w - 1 + p - j, s) + 1);
          for (int oy = 0; oy < oh; oy++) {
            int iy = oy * s + i - p;
            if (iy < 0 || iy >= h || lo >= hi) {
              continue;
            }
            int o = row + oy * ow;
            int base = (ci * h + iy) * w + j - p;
            if (s == 1) {
              System.arraycopy(x, base + lo, cols, o + lo, hi - lo);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                cols[o + ox] = x[base + ox * s];
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@code out[(m - m0) * stride(n) + t] = sum_k w[m][k] * cols[group(m)*Kg + k][t]} (mod 2^64) for
   * output channels m in [m0, m1).
   */
  static void forward(long[] cols, Layer.Conv c, int n, long[] w, long[] out, int m0, int m1) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int ns = stride(n);
    int m = m0;
    while (m < m1) {
      int g = m / mg;
      int end = Math.min(m1, (g + 1) * mg);
      mul(w, m * kg, kg, end - m, kg, cols, g * kg * ns, ns, out, (m - m0) * ns);
      m = end;
    }
  }

  /** {@code C[rows][n] = A[rows][inner] * B[inner][n]}, n a multiple of the vector length. */
  private static void mul(long[] a, int ao, int lda, int rows, int inner, long[] b, int bo, int n,
      long[] c, int co) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int a0 = ao + r * lda;
      int c0 = co + r * n;
      for (int j = 0; j < n; j += L) {
        LongVector x0 = LongVector.zero(S);
        LongVector x1 = LongVector.zero(S);
        LongVector x2 = LongVector.zero(S);
        LongVector x3 = LongVector.zero(S);
        for (int k = 0; k < inner; k++) {
          LongVector u = LongVector.fromArray(S, b, bo + k * n + j);
          x0 = x0.add(u.mul(a[a0 + k]));
          x1 = x1.add(u.mul(a[a0 + lda + k]));
          x2 = x2.add(u.mul(a[a0 + 2 * lda + k]));
          x3 = x3.add(u.mul(a[a0 + 3 * lda + k]));
        }
        x0.intoArray(c, c0 + j);
        x1.intoArray(c, c0 + n + j);
        x2.intoArray(c, c0 + 2 * n + j);
        x3.intoArray(c, c0 + 3 * n + j);
      }
    }
    for (; r < rows; r++) {
      int ar = ao + r * lda;
      int cr = co + r * n;
      for (int j = 0; j < n; j += L) {
        LongVector x = LongVector.zero(S);
        for (int k = 0; k < inner; k++) {
          x = x.add(LongVector.fromArray(S, b, bo + k * n + j).mul(a[ar + k]));
        }
        x.intoArray(c, cr + j);
      }
    }
  }
}
