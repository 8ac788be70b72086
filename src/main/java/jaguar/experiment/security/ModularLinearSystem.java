package jaguar.experiment.security;

/**
 * Solves A x = b (mod 2^bits) for an over-determined system by elimination with odd (invertible)
 * pivots: each unknown whose column has an odd entry among the rows not yet used is determined
 * mod 2^bits; the rows left over must then hold (the system is consistent) or the system has no
 * solution. The attacker's tool for the low bits that exact truncation leaks.
 */
final class ModularLinearSystem {
  /**
   * The outcome.
   *
   * @param x a solution (unknowns without an odd pivot are set to 0)
   * @param determined which unknowns the system fixes mod 2^bits
   * @param consistent whether every equation holds for x
   */
  record Solution(long[] x, boolean[] determined, boolean consistent) {
    int determinedCount() {
      int c = 0;
      for (boolean d : determined) {
        c += d ? 1 : 0;
      }
      return c;
    }
  }

  private ModularLinearSystem() {}

  /** a: rows x unknowns, values read mod 2^bits (bits in [1, 63]); b: one value per row. */
  static Solution solve(long[][] a, long[] b, int bits) {
    int rows = a.length;
    int n = a[0].length;
    long mask = (1L << bits) - 1;
    long[][] m = new long[rows][n + 1];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < n; c++) {
        m[r][c] = a[r][c] & mask;
      }
      m[r][n] = b[r] & mask;
    }
    int[] pivotRow = new int[n];
    java.util.Arrays.fill(pivotRow, -1);
    int next = 0;
    for (int c = 0; c < n && next < rows; c++) {
      int p = -1;
      for (int r = next; r < rows; r++) {
        if ((m[r][c] & 1) == 1) {
          p = r;
          break;
        }
      }
      if (p < 0) {
        continue;
      }
      long[] t = m[p];
      m[p] = m[next];
      m[next] = t;
      long inv = inverse(m[next][c], bits);
      for (int k = 0; k <= n; k++) {
        m[next][k] = (m[next][k] * inv) & mask;
      }
      for (int r = 0; r < rows; r++) {
        if (r != next && m[r][c] != 0) {
          long f = m[r][c];
          for (int k = 0; k <= n; k++) {
            m[r][k] = (m[r][k] - f * m[next][k]) & mask;
          }
        }
      }
      pivotRow[c] = next++;
    }
    long[] x = new long[n];
    boolean[] determined = new boolean[n];
    for (int c = 0; c < n; c++) {
      if (pivotRow[c] >= 0) {
        x[c] = m[pivotRow[c]][n];
        determined[c] = true;
      }
    }
    // reduced form: a pivot row may still hold non-pivot columns (set to 0), so x is a solution iff
    // every original equation holds
    boolean consistent = true;
    for (int r = 0; r < rows && consistent; r++) {
      long s = 0;
      for (int c = 0; c < n; c++) {
        s += a[r][c] * x[c];
      }
      consistent = ((s - b[r]) & mask) == 0;
    }
    return new Solution(x, determined, consistent);
  }

  /** The inverse of an odd a mod 2^bits (Newton iteration). */
  static long inverse(long a, int bits) {
    long x = a; // correct to 3 bits for odd a
    for (int i = 0; i < 6; i++) {
      x *= 2 - a * x;
    }
    return x & ((1L << bits) - 1);
  }
}
