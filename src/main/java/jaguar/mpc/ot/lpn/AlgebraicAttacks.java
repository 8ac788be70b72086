package jaguar.mpc.ot.lpn;

/**
 * Algebraic attacks on regular LPN over F_2: AGB (Briaud and Øygarden, "A new algebraic approach to
 * the regular syndrome decoding problem and implications for PCG constructions", EUROCRYPT 2023) and
 * AGB 2.0 (ePrint 2025/1476), in the concrete-cost form and parameter search of the estimator
 * ({@code github.com/1234wangtr/Code_estimators}, {@code agb2/agb2.py} functions {@code AGBfor2} and
 * {@code OurAGB2for2} at 41e013c; {@code all_estimator.py} runs these versions). Same searches,
 * steps and sentinels; sizes of the Macaulay matrices from {@link HilbertSeries}; results rounded
 * to two decimals as the estimator rounds them. Written here from that description; costs are log2
 * of bit operations.
 *
 * <p>One deliberate difference: the reference's AGB loop reaches the guess f = 0, mu = beta, where it
 * multiplies 0 by log 0 and raises (decimal.InvalidOperation) for every Ferret set we checked; here
 * a guess of no blocks costs nothing to guess (f log(1 - mu / beta) = 0 for f = 0), which is what the
 * formula means and leaves the minimum unchanged (at f = 0 the cost does not depend on mu).
 */
public final class AlgebraicAttacks {
  private static final int REPEAT = 10;
  private static final int SEARCH = 1000;
  private static final double LOG2_564 = Log2.of(5.64);
  private static final double NONE = 999999;

  private AlgebraicAttacks() {}

  /** AGB: guess f blocks' mu zero positions each, linearise at the witness degree (2..4). */
  public static double agb(long n, long k, long h) {
    long beta = n / h;
    double[] scratch = new double[3];
    double best = NONE;
    for (long f = 0; f <= h; f++) {
      for (long mu = 0; mu <= beta; mu++) {
        if (f * mu >= k + 1) {
          break;
        }
        best = Math.min(best, agbAt(n, k, h, f, mu, scratch));
      }
    }
    return Log2.round2(best);
  }

  private static double agbAt(long n, long k, long h, long f, long mu, double[] scratch) {
    int d = HilbertSeries.degree(n, k, h, f, mu, scratch);
    if (d > 4) {
      return Double.POSITIVE_INFINITY;
    }
    HilbertSeries.cumulative(n, k, h, f, mu, false, scratch);
    double m = scratch[d - 2];
    if (m <= 0) {
      return Double.POSITIVE_INFINITY; // a degenerate guess (the reference would take log of 0)
    }
    long beta = n / h;
    return 2 * Log2.of(m) + Log2.of(3.0 * (k + 1 - f * mu)) - guessLog2(f, mu, beta);
  }

  /** log2 of the probability that f blocks each avoid their mu guessed positions: f log2(1 - mu/beta). */
  private static double guessLog2(long f, long mu, long beta) {
    return f == 0 ? 0 : f * Log2.of(1 - (double) mu / beta);
  }

  /** AGB 2.0 (the "r2" variant), with the estimator's heuristic search over f, mu and the split g. */
  public static double agb2(long n, long k, long h) {
    double[] scratch = new double[3];
    Divisors divisors = new Divisors((int) Math.min(k + 1, Integer.MAX_VALUE - 8));
    long beta = n / h;
    int d0 = Math.min(5, HilbertSeries.degree(n, k, h, 0, 0, scratch));
    double finalCost = 9999999;
    if (d0 != 5) {
      HilbertSeries.cumulative(n, k, h, 0, 0, false, scratch);
      finalCost = Log2.of(3.0 * (k + 1)) + 2 * Log2.of(scratch[d0 - 2]);
    }
    if (d0 == 2) {
      return Log2.round2(finalCost);
    }
    long finalF = 0;
    long finalMu = 0;
    double subMuCost = NONE;
    double minCost = finalCost;
    long stepF = 1;
    long f = h + stepF;
    long endF = h - 4;
    while (true) {
      f -= stepF;
      if (f < -2 * h) {
        break; // nothing below the start cost was found (the reference would divide by zero at f = 0)
      }
      double subFCost = NONE;
      long endMu = f < 1 ? -1 : Math.min(k / f, beta - 1);
      long beginMu = f == h ? -1 : 0;
      for (long mu = endMu; mu > beginMu; mu--) {
        if (HilbertSeries.degree(n, k, h, f, mu, scratch) > 4) {
          continue;
        }
        double sub = agb2At(n, k, h, f, mu, scratch, divisors);
        if (sub < minCost && sub < subMuCost && sub < subFCost) {
          finalF = f;
          finalMu = mu;
        }
        subMuCost = Math.min(sub, subMuCost);
        subFCost = Math.min(subMuCost, subFCost);
      }
      if (stepF == 0) {
        f -= 1;
        if (f <= endF) {
          break;
        }
      } else if (subFCost > minCost - 0.01) {
        endF = f;
        f = Math.min(f + (long) Math.floor(stepF * 1.5 + 0.00001), h);
        stepF = stepF < 3 ? 0 : 1;
      } else if (stepF < 9) {
        stepF *= 2;
      }
      minCost = Math.min(minCost, subFCost);
    }

    int dd0 = HilbertSeries.degree(n, k, h, finalF, finalMu, scratch);
    int searchG = SEARCH;
    long from = endF;
    long downTo = (long) Math.floor(endF / 2.0);
    for (long fTry = from; fTry > downTo; fTry--) {
      long mu = finalMu;
      if (mu > Math.min(k / fTry, beta - 1)) {
        continue;
      }
      if (HilbertSeries.degree(n, k, h, fTry, mu, scratch) != dd0) {
        break;
      }
      double sub = agb2At(n, k, h, fTry, mu, scratch, divisors);
      searchG--;
      if (minCost > sub) {
        searchG = SEARCH;
        endF = fTry;
      }
      minCost = Math.min(minCost, sub);
    }

    for (long ff = endF; ff > 0; ff--) {
      if (searchG < 0) {
        break;
      }
      long first = finalF * finalMu;
      for (long g = ((first + ff - 1) / ff) * ff; g <= k; g += ff) {
        if (g * h >= ff * n || g > ff * ff) {
          break;
        }
        long mu = g / ff;
        if ((mu + 1) * h > n) {
          break;
        }
        searchG--;
        if (searchG < 0) {
          break;
        }
        double sub = agb2At(n, k, h, ff, mu, scratch, divisors);
        if (minCost > sub) {
          searchG = SEARCH;
        }
        minCost = Math.min(minCost, sub);
      }
    }
    return Log2.round2(minCost);
  }

  /** The estimator's {@code subOurAGB2for2}: the best split (f', mu') of a guess (f, mu). */
  static double agb2At(long n, long k, long h, long f, long mu, double[] scratch, Divisors divisors) {
    int d = HilbertSeries.degree(n, k, h, f, mu, scratch);
    if (d > 4) {
      return NONE;
    }
    long beta = n / h;
    double minCost = NONE;
    double subGCost = 9999999999.0;
    int stepG = REPEAT * 3;
    double guess = guessLog2(f, mu, beta);
    for (long g = f * mu; g > 0; g--) {
      if (subGCost > minCost - 0.01) {
        stepG--;
      } else {
        stepG = REPEAT * 3;
      }
      if (stepG < 0) {
        break;
      }
      minCost = Math.min(minCost, subGCost);
      subGCost = 9999999999.0;
      int step = REPEAT;
      // the divisors ff of g from f down to sqrt(g), largest first (the reference tries every ff)
      if (!divisors.covers(g)) {
        throw new IllegalStateException("AGB 2.0: split g=" + g + " beyond the divisor table (f=" + f + " mu=" + mu + " k=" + k + ")");
      }
      int count = divisors.descending(g);
      for (int i = 0; i < count; i++) {
        long ff = divisors.get(i);
        if (ff > f) {
          continue;
        }
        if (step < 0 || g > ff * ff) {
          break;
        }
        long muPrime = g / ff;
        if (muPrime > mu) {
          continue;
        }
        step--;
        if (ff <= 1) {
          continue;
        }
        HilbertSeries.cumulative(n, k, h, ff, muPrime, false, scratch);
        double size1 = scratch[d - 2];
        HilbertSeries.cumulative(n, k, h, ff, muPrime, true, scratch);
        double size2 = Math.max(scratch[d - 2], 1);
        double logM1 = LOG2_564 + 2.8 * Log2.of(size1);
        double logM2 = LOG2_564 + 2.8 * Log2.of(size2);
        double mm = Math.max(size1 - size2, 1);
        if (mm > 1) {
          double logM11 = Log2.of(size1) + 2 * Log2.of(mm) - Log2.of(Log2.of(mm));
          logM1 = Math.min(logM1, logM11);
        }
        if (size2 > mm) {
          logM2 = LOG2_564 + 2.8 * Log2.of(mm);
        }
        logM1 = Math.max(0, logM1);
        logM2 = Math.max(0, logM2);
        double sub = Log2.sum(logM1 - guessLog2(ff, muPrime, beta), logM2 - guess);
        subGCost = Math.min(subGCost, sub);
      }
    }
    return minCost;
  }
}
