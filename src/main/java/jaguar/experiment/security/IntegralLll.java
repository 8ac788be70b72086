package jaguar.experiment.security;

import java.math.BigInteger;

/**
 * LLL lattice reduction in exact integer arithmetic (Cohen, "A Course in Computational Algebraic
 * Number Theory", Algorithm 2.6.7, integral LLL after de Weger): the Gram-Schmidt data are kept
 * as the integers d_i (Gram determinants) and lambda_ij = d_j * mu_ij, so no rounding error can
 * corrupt a reduction of vectors with 60-bit entries. Reduction parameter delta = 99/100. The
 * basis must be linearly independent. Meant for the small lattices of the weight-recovery attack
 * (dimension a few dozen); cost grows like d^4 log B.
 */
final class IntegralLll {
  private IntegralLll() {}

  /** Reduces the rows of {@code b} in place. */
  static void reduce(BigInteger[][] b) {
    int n = b.length;
    BigInteger[] d = new BigInteger[n + 1]; // d[0] = 1, d[i+1] = Gram determinant of the first i+1 rows
    BigInteger[][] lam = new BigInteger[n][n];
    d[0] = BigInteger.ONE;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        BigInteger u = dot(b[i], b[j]);
        for (int k = 0; k < j; k++) {
          u = d[k + 1].multiply(u).subtract(lam[i][k].multiply(lam[j][k])).divide(d[k]);
        }
        if (j < i) {
          lam[i][j] = u;
        } else {
          if (u.signum() == 0) {
            throw new IllegalArgumentException("lattice basis is linearly dependent at row " + i);
          }
          d[i + 1] = u;
        }
      }
    }
    int k = 1;
    while (k < n) {
      sizeReduce(b, lam, d, k, k - 1);
      // Lovasz condition with delta = 99/100, in integers:
      // 100 * d[k+1] * d[k-1] >= 99 * d[k]^2 - 100 * lam[k][k-1]^2
      BigInteger left = d[k + 1].multiply(d[k - 1]).multiply(BigInteger.valueOf(100));
      BigInteger right = d[k].multiply(d[k]).multiply(BigInteger.valueOf(99))
          .subtract(lam[k][k - 1].multiply(lam[k][k - 1]).multiply(BigInteger.valueOf(100)));
      if (left.compareTo(right) < 0) {
        swap(b, lam, d, k);
        k = Math.max(1, k - 1);
      } else {
        for (int l = k - 2; l >= 0; l--) {
          sizeReduce(b, lam, d, k, l);
        }
        k++;
      }
    }
  }

  private static void sizeReduce(BigInteger[][] b, BigInteger[][] lam, BigInteger[] d, int k, int l) {
    BigInteger two = lam[k][l].shiftLeft(1);
    if (two.abs().compareTo(d[l + 1]) <= 0) {
      return;
    }
    // q = round(lam[k][l] / d[l+1])
    BigInteger q = roundDiv(lam[k][l], d[l + 1]);
    for (int c = 0; c < b[k].length; c++) {
      b[k][c] = b[k][c].subtract(q.multiply(b[l][c]));
    }
    lam[k][l] = lam[k][l].subtract(q.multiply(d[l + 1]));
    for (int i = 0; i < l; i++) {
      lam[k][i] = lam[k][i].subtract(q.multiply(lam[l][i]));
    }
  }

  private static void swap(BigInteger[][] b, BigInteger[][] lam, BigInteger[] d, int k) {
    BigInteger[] t = b[k];
    b[k] = b[k - 1];
    b[k - 1] = t;
    for (int j = 0; j < k - 1; j++) {
      BigInteger x = lam[k][j];
      lam[k][j] = lam[k - 1][j];
      lam[k - 1][j] = x;
    }
    BigInteger lambda = lam[k][k - 1];
    BigInteger bb = d[k - 1].multiply(d[k + 1]).add(lambda.multiply(lambda)).divide(d[k]);
    for (int i = k + 1; i < b.length; i++) {
      BigInteger ti = lam[i][k];
      lam[i][k] = d[k + 1].multiply(lam[i][k - 1]).subtract(lambda.multiply(ti)).divide(d[k]);
      lam[i][k - 1] = bb.multiply(ti).add(lambda.multiply(lam[i][k])).divide(d[k + 1]);
    }
    d[k] = bb;
  }

  private static BigInteger roundDiv(BigInteger a, BigInteger b) {
    // floor((2a + b) / 2b) for b > 0
    BigInteger twoB = b.shiftLeft(1);
    BigInteger[] qr = a.shiftLeft(1).add(b).divideAndRemainder(twoB);
    BigInteger q = qr[0];
    if (qr[1].signum() < 0) {
      q = q.subtract(BigInteger.ONE);
    }
    return q;
  }

  private static BigInteger dot(BigInteger[] x, BigInteger[] y) {
    BigInteger s = BigInteger.ZERO;
    for (int i = 0; i < x.length; i++) {
      s = s.add(x[i].multiply(y[i]));
    }
    return s;
  }
}
