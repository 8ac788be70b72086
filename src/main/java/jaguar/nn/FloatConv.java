package jaguar.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FP32 convolution kernels on one image (channels x height x width, row-major) through im2col:
 * {@code cols} holds, for each input channel c and tap (i, j), the row of input values every output
 * position reads ({@code (c*k + i)*k + j} rows of {@code outH*outW} values, zeros for padding).
 * Grouped convolutions use consecutive blocks of rows per group. Rows are {@link #stride(int)}
 * values apart (n rounded up to the vector length, the rest zeros) so the products need no scalar
 * tails. Callers own every buffer.
 */
public final class FloatConv {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private FloatConv() {}

  /** Rows of {@code cols} for layer {@code c}: in * k * k. */
  public static int colRows(Layer.Conv c) {
    return c.in() * c.k() * c.k();
  }

  /** The row stride of column buffers for n output positions: n rounded up to the vector length. */
  public static int stride(int n) {
    return (n + S.length() - 1) / S.length() * S.length();
  }

  /** Values of a column buffer of layer {@code c} with n output positions. */
  public static int colsSize(Layer.Conv c, int n) {
    return colRows(c) * stride(n);
  }

  /** Fills {@code cols} ({@code colRows(c) * outH * outW}) from the image at {@code x[xo..]}. */
  public static void im2col(float[] x, int xo, Layer.Conv c, int h, int w, int oh, int ow, float[] cols) {
    int k = c.k();
    int s = c.stride();
    int p = c.pad();
    int n = oh * ow;
    int ns = stride(n);
    for (int ci = 0; ci < c.in(); ci++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int row = ((ci * k + i) * k + j) * ns;
          java.util.Arrays.fill(cols, row + n, row + ns, 0f);
          int lo = Math.max(0, ceilDiv(p - j, s));
          int hi = Math.min(ow, Math.floorDiv(w - 1 + p - j, s) + 1);
          for (int oy = 0; oy < oh; oy++) {
            int iy = oy * s + i - p;
            int o = row + oy * ow;
            if (iy < 0 || iy >= h || lo >= hi) {
              java.util.Arrays.fill(cols, o, o + ow, 0f);
              continue;
            }
            for (int ox = 0; ox < lo; ox++) {
              cols[o + ox] = 0f;
            }
            int base = xo + (ci * h + iy) * w + j - p;
            if (s == 1) {
              System.arraycopy(x, base + lo, cols, o + lo, hi - lo);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                cols[o + ox] = x[base + ox * s];
              }
            }
            for (int ox = Math.max(hi, lo); ox < ow; ox++) {
              cols[o + ox] = 0f;
            }
          }
        }
      }
    }
  }

  /** Adds the columns back to image positions: {@code dx[xo..] += col2im(dcols)} (the adjoint of im2col). */
  public static void col2imAdd(float[] dcols, Layer.Conv c, int h, int w, int oh, int ow, float[] dx, int xo) {
    int k = c.k();
    int s = c.stride();
    int p = c.pad();
    int ns = stride(oh * ow);
    for (int ci = 0; ci < c.in(); ci++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int row = ((ci * k + i) * k + j) * ns;
          int lo = Math.max(0, ceilDiv(p - j, s));
          int hi = Math.min(ow, Math.floorDiv(w - 1 + p - j, s) + 1);
          for (int oy = 0; oy < oh; oy++) {
            int iy = oy * s + i - p;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int o = row + oy * ow;
            int base = xo + (ci * h + iy) * w + j - p;
            for (int ox = lo; ox < hi; ox++) {
              dx[base + ox * s] += dcols[o + ox];
            }
          }
        }
      }
    }
  }

  /**
   * {@code y[yo + m*n ..] = bias[m] + sum_k w[m][k] * cols[group(m)*Kg + k][..]} for output channels
   * m in [m0, m1); {@code bias} may be null; n = outH * outW; {@code scratch} holds at least
   * {@code (m1 - m0) * stride(n)} values.
   */
  public static void forward(float[] cols, Layer.Conv c, int n, float[] w, float[] bias, float[] y,
      int yo, int m0, int m1, float[] scratch) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int ns = stride(n);
    int m = m0;
    while (m < m1) {
      int g = m / mg;
      int end = Math.min(m1, (g + 1) * mg);
      FloatGemm.mul(w, m * kg, kg, end - m, kg, cols, g * kg * ns, ns, scratch, (m - m0) * ns, false);
      for (int r = m; r < end; r++) {
        float b = bias == null ? 0f : bias[r];
        int src = (r - m0) * ns;
        int dst = yo + r * n;
        for (int t = 0; t < n; t++) {
          y[dst + t] = scratch[src + t] + b;
        }
      }
      m = end;
    }
  }

  /**
   * Copies {@code dy} (out channels of n values at {@code dyo}) into {@code padded} with row stride
   * {@code stride(n)} and zero tails, the layout {@link #backwardCols} and {@link #backwardWeights}
   * read.
   */
  public static void padRows(float[] dy, int dyo, int rows, int n, float[] padded) {
    int ns = stride(n);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(dy, dyo + r * n, padded, r * ns, n);
      java.util.Arrays.fill(padded, r * ns + n, (r + 1) * ns, 0f);
    }
  }

  /**
   * {@code dcols = W^T dy} (overwrites {@code dcols}); {@code dy} is padded ({@link #padRows});
   * {@code wt} is scratch of at least {@code w.length} values.
   */
  public static void backwardCols(float[] dy, Layer.Conv c, int n, float[] w, float[] wt, float[] dcols) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int ns = stride(n);
    for (int g = 0; g < c.groups(); g++) {
      for (int m = 0; m < mg; m++) {
        for (int k = 0; k < kg; k++) {
          wt[g * mg * kg + k * mg + m] = w[(g * mg + m) * kg + k];
        }
      }
      FloatGemm.mul(wt, g * mg * kg, mg, kg, mg, dy, g * mg * ns, ns, dcols, g * kg * ns, false);
    }
  }

  /** {@code dw[m][k] += dot(dy[m], cols[group(m)*Kg + k])}; {@code dy} is padded ({@link #padRows}). */
  public static void backwardWeights(float[] dy, float[] cols, Layer.Conv c, int n, float[] dw) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int ns = stride(n);
    for (int g = 0; g < c.groups(); g++) {
      FloatGemm.mulTransposed(dy, g * mg * ns, mg, ns, cols, g * kg * ns, kg, dw, g * mg * kg, kg);
    }
  }

  /** The dot product of {@code a[ao..ao+n)} and {@code b[bo..bo+n)}. */
  public static float dot(float[] a, int ao, float[] b, int bo, int n) {
    int t = 0;
    float sum = 0f;
    int upper = S.loopBound(n);
    if (upper > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; t < upper; t += S.length()) {
        acc = FloatVector.fromArray(S, a, ao + t).fma(FloatVector.fromArray(S, b, bo + t), acc);
      }
      sum = acc.reduceLanes(VectorOperators.ADD);
    }
    for (; t < n; t++) {
      sum += a[ao + t] * b[bo + t];
    }
    return sum;
  }

  static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
