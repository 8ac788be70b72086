package jaguar.experiment.security;

import java.util.Arrays;

/** Minimum-cost perfect matching of a square cost matrix (the Hungarian method with potentials, O(n^3)). */
final class Assignment {
  private Assignment() {}

  /**
   * The column matched to each row: a permutation minimising the sum of cost[row][match[row]].
   *
   * @throws IllegalArgumentException if the matrix is not square or holds a value that is not finite
   */
  static int[] solve(double[][] cost) {
    int n = cost.length;
    for (double[] row : cost) {
      if (row.length != n) {
        throw new IllegalArgumentException("cost matrix is not square: " + n + " rows, a row of " + row.length);
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("cost matrix holds " + v);
        }
      }
    }
    // 1-based potentials u (rows), v (columns); p[j] = row matched to column j; way = augmenting path
    double[] u = new double[n + 1];
    double[] v = new double[n + 1];
    int[] p = new int[n + 1];
    int[] way = new int[n + 1];
    double[] minv = new double[n + 1];
    boolean[] used = new boolean[n + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] match = new int[n];
    for (int j = 1; j <= n; j++) {
      match[p[j] - 1] = j - 1;
    }
    return match;
  }
}
