package jaguar.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small single-threaded float matrix products on row-major arrays, vectorised with the Vector API
 * (register blocks of 4 rows by 2 vectors). Callers own the arrays and pass offsets.
 */
final class FloatGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private FloatGemm() {}

  /**
   * {@code C[rows][n] (+)= A[rows][inner] * B[inner][n]}, where row r of A starts at {@code ao + r *
   * lda}, row k of B at {@code bo + k * n} and row r of C at {@code co + r * n}.
   */
  static void mul(float[] a, int ao, int lda, int rows, int inner, float[] b, int bo, int n,
      float[] c, int co, boolean accumulate) {
    int r = 0;
    int nv2 = n - n % (2 * L);
    int nv = S.loopBound(n);
    for (; r + 4 <= rows; r += 4) {
      int a0 = ao + r * lda;
      int a1 = a0 + lda;
      int a2 = a1 + lda;
      int a3 = a2 + lda;
      int c0 = co + r * n;
      int j = 0;
      for (; j < nv2; j += 2 * L) {
        FloatVector x0 = init(c, c0 + j, accumulate);
        FloatVector y0 = init(c, c0 + j + L, accumulate);
        FloatVector x1 = init(c, c0 + n + j, accumulate);
        FloatVector y1 = init(c, c0 + n + j + L, accumulate);
        FloatVector x2 = init(c, c0 + 2 * n + j, accumulate);
        FloatVector y2 = init(c, c0 + 2 * n + j + L, accumulate);
        FloatVector x3 = init(c, c0 + 3 * n + j, accumulate);
        FloatVector y3 = init(c, c0 + 3 * n + j + L, accumulate);
        for (int k = 0; k < inner; k++) {
          int bk = bo + k * n + j;
          FloatVector u = FloatVector.fromArray(S, b, bk);
          FloatVector v = FloatVector.fromArray(S, b, bk + L);
          FloatVector s0 = FloatVector.broadcast(S, a[a0 + k]);
          x0 = u.fma(s0, x0);
          y0 = v.fma(s0, y0);
          FloatVector s1 = FloatVector.broadcast(S, a[a1 + k]);
          x1 = u.fma(s1, x1);
          y1 = v.fma(s1, y1);
          FloatVector s2 = FloatVector.broadcast(S, a[a2 + k]);
          x2 = u.fma(s2, x2);
          y2 = v.fma(s2, y2);
          FloatVector s3 = FloatVector.broadcast(S, a[a3 + k]);
          x3 = u.fma(s3, x3);
          y3 = v.fma(s3, y3);
        }
        x0.intoArray(c, c0 + j);
        y0.intoArray(c, c0 + j + L);
        x1.intoArray(c, c0 + n + j);
        y1.intoArray(c, c0 + n + j + L);
        x2.intoArray(c, c0 + 2 * n + j);
        y2.intoArray(c, c0 + 2 * n + j + L);
        x3.intoArray(c, c0 + 3 * n + j);
        y3.intoArray(c, c0 + 3 * n + j + L);
      }
      for (; j < nv; j += L) {
        FloatVector x0 = init(c, c0 + j, accumulate);
        FloatVector x1 = init(c, c0 + n + j, accumulate);
        FloatVector x2 = init(c, c0 + 2 * n + j, accumulate);
        FloatVector x3 = init(c, c0 + 3 * n + j, accumulate);
        for (int k = 0; k < inner; k++) {
          FloatVector u = FloatVector.fromArray(S, b, bo + k * n + j);
          x0 = u.fma(FloatVector.broadcast(S, a[a0 + k]), x0);
          x1 = u.fma(FloatVector.broadcast(S, a[a1 + k]), x1);
          x2 = u.fma(FloatVector.broadcast(S, a[a2 + k]), x2);
          x3 = u.fma(FloatVector.broadcast(S, a[a3 + k]), x3);
        }
        x0.intoArray(c, c0 + j);
        x1.intoArray(c, c0 + n + j);
        x2.intoArray(c, c0 + 2 * n + j);
        x3.intoArray(c, c0 + 3 * n + j);
      }
      for (int q = 0; q < 4; q++) {
        rowTail(a, a0 + q * lda, inner, b, bo, n, c, c0 + q * n, j, accumulate);
      }
    }
    for (; r < rows; r++) {
      int ar = ao + r * lda;
      int cr = co + r * n;
      int j = 0;
      for (; j < nv; j += L) {
        FloatVector x = init(c, cr + j, accumulate);
        for (int k = 0; k < inner; k++) {
          x = FloatVector.fromArray(S, b, bo + k * n + j).fma(FloatVector.broadcast(S, a[ar + k]), x);
        }
        x.intoArray(c, cr + j);
      }
      rowTail(a, ar, inner, b, bo, n, c, cr, j, accumulate);
    }
  }

  private static FloatVector init(float[] c, int at, boolean accumulate) {
    return accumulate ? FloatVector.fromArray(S, c, at) : FloatVector.zero(S);
  }

  /** Columns [from, n) of one row of C, scalar, k outermost. */
  private static void rowTail(float[] a, int ar, int inner, float[] b, int bo, int n, float[] c,
      int cr, int from, boolean accumulate) {
    if (from >= n) {
      return;
    }
    if (!accumulate) {
      java.util.Arrays.fill(c, cr + from, cr + n, 0f);
    }
    for (int k = 0; k < inner; k++) {
      float s = a[ar + k];
      int bk = bo + k * n;
      for (int j = from; j < n; j++) {
        c[cr + j] += s * b[bk + j];
      }
    }
  }

  /**
   * {@code C[rows][cols] += A[rows][n] * B[cols][n]^T}: row r of A at {@code ao + r * n}, row q of
   * B at {@code bo + q * n}, row r of C at {@code co + r * ldc}.
   */
  static void mulTransposed(float[] a, int ao, int rows, int n, float[] b, int bo, int cols,
      float[] c, int co, int ldc) {
    int nv = S.loopBound(n);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int a0 = ao + r * n;
      for (int q = 0; q < cols; q++) {
        int bq = bo + q * n;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int j = 0;
        for (; j < nv; j += L) {
          FloatVector v = FloatVector.fromArray(S, b, bq + j);
          s0 = FloatVector.fromArray(S, a, a0 + j).fma(v, s0);
          s1 = FloatVector.fromArray(S, a, a0 + n + j).fma(v, s1);
          s2 = FloatVector.fromArray(S, a, a0 + 2 * n + j).fma(v, s2);
          s3 = FloatVector.fromArray(S, a, a0 + 3 * n + j).fma(v, s3);
        }
        float t0 = s0.reduceLanes(VectorOperators.ADD);
        float t1 = s1.reduceLanes(VectorOperators.ADD);
        float t2 = s2.reduceLanes(VectorOperators.ADD);
        float t3 = s3.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
          float v = b[bq + j];
          t0 += a[a0 + j] * v;
          t1 += a[a0 + n + j] * v;
          t2 += a[a0 + 2 * n + j] * v;
          t3 += a[a0 + 3 * n + j] * v;
        }
        c[co + r * ldc + q] += t0;
        c[co + (r + 1) * ldc + q] += t1;
        c[co + (r + 2) * ldc + q] += t2;
        c[co + (r + 3) * ldc + q] += t3;
      }
    }
    for (; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        c[co + r * ldc + q] += FloatConv.dot(a, ao + r * n, b, bo + q * n, n);
      }
    }
  }
}
