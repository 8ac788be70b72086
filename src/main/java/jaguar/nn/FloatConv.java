package jaguar.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FP32 convolution kernels on one image (channels x height x width, row-major) through im2col:
 * {@code cols} holds, for each input channel c and tap (i, j), the row of input values every output
 * position reads ({@code (c*k + i)*k + j} rows of {@code outH*outW} values, zeros for padding).
 * Grouped convolutions use consecutive blocks of rows per group. Callers own every buffer.
 */
public final class FloatConv {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private FloatConv() {}

  /** Rows of {@code cols} for layer {@code c}: in * k * k. */
  public static int colRows(Layer.Conv c) {
    return c.in() * c.k() * c.k();
  }

  /** Fills {@code cols} ({@code colRows(c) * outH * outW}) from the image at {@code x[xo..]}. */
  public static void im2col(float[] x, int xo, Layer.Conv c, int h, int w, int oh, int ow, float[] cols) {
    int k = c.k();
    int s = c.stride();
    int p = c.pad();
    int n = oh * ow;
    for (int ci = 0; ci < c.in(); ci++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int row = ((ci * k + i) * k + j) * n;
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
    int n = oh * ow;
    for (int ci = 0; ci < c.in(); ci++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          int row = ((ci * k + i) * k + j) * n;
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
   * m in [m0, m1); {@code bias} may be null; n = outH * outW.
   */
  public static void forward(
      float[] cols, Layer.Conv c, int n, float[] w, float[] bias, float[] y, int yo, int m0, int m1) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    int m = m0;
    while (m < m1) {
      int g = m / mg;
      int end = Math.min(m1, (g + 1) * mg);
      for (int r = m; r < end; r++) {
        java.util.Arrays.fill(y, yo + r * n, yo + (r + 1) * n, bias == null ? 0f : bias[r]);
      }
      int r = m;
      for (; r + 4 <= end; r += 4) {
        int y0 = yo + r * n;
        for (int kk = 0; kk < kg; kk++) {
          float a0 = w[r * kg + kk];
          float a1 = w[(r + 1) * kg + kk];
          float a2 = w[(r + 2) * kg + kk];
          float a3 = w[(r + 3) * kg + kk];
          int b = (g * kg + kk) * n;
          for (int t = 0; t < n; t++) {
            float v = cols[b + t];
            y[y0 + t] += a0 * v;
            y[y0 + n + t] += a1 * v;
            y[y0 + 2 * n + t] += a2 * v;
            y[y0 + 3 * n + t] += a3 * v;
          }
        }
      }
      for (; r < end; r++) {
        int y0 = yo + r * n;
        for (int kk = 0; kk < kg; kk++) {
          float a = w[r * kg + kk];
          int b = (g * kg + kk) * n;
          for (int t = 0; t < n; t++) {
            y[y0 + t] += a * cols[b + t];
          }
        }
      }
      m = end;
    }
  }

  /** {@code dcols = W^T dy} (overwrites {@code dcols}, colRows(c) * n values). */
  public static void backwardCols(float[] dy, int dyo, Layer.Conv c, int n, float[] w, float[] dcols) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    java.util.Arrays.fill(dcols, 0, colRows(c) * n, 0f);
    for (int m = 0; m < c.out(); m++) {
      int g = m / mg;
      int d = dyo + m * n;
      for (int kk = 0; kk < kg; kk++) {
        float a = w[m * kg + kk];
        int b = (g * kg + kk) * n;
        for (int t = 0; t < n; t++) {
          dcols[b + t] += a * dy[d + t];
        }
      }
    }
  }

  /** {@code dw[m][k] += dot(dy[m], cols[group(m)*Kg + k])}. */
  public static void backwardWeights(float[] dy, int dyo, float[] cols, Layer.Conv c, int n, float[] dw) {
    int mg = c.out() / c.groups();
    int kg = (c.in() / c.groups()) * c.k() * c.k();
    for (int m = 0; m < c.out(); m++) {
      int g = m / mg;
      for (int kk = 0; kk < kg; kk++) {
        dw[m * kg + kk] += dot(dy, dyo + m * n, cols, (g * kg + kk) * n, n);
      }
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
