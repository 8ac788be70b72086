package jaguar.mpc.ot.lpn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bit security of primal LPN over F_2 with regular noise (what Ferret's iterations rest on): every
 * attack the estimator of Yu, Yang, Wang et al. combines for this case ({@code
 * github.com/1234wangtr/Code_estimators}, {@code all_estimator.py} function {@code
 * analysisfor2regular} at commit 41e013c), each computed by a port of its concrete-cost formula and
 * parameter search: AGB and AGB 2.0, the exact-noise attacks on the instance with the regular
 * structure removed (n - t, k - t), the hybrid attack, and the three regular ISD forms. The estimate
 * is the cheapest attack.
 */
public final class LpnEstimator {
  /** One attack's cost for one instance. */
  public record Estimate(String attack, double bits, String source) {}

  private LpnEstimator() {}

  /** Every attack's cost on n queries, secret length k, regular noise of weight t; cheapest first. */
  public static List<Estimate> regularBinary(long n, long k, long t) {
    if (t < 1 || n < 2 * t || k < t + 1 || k >= n) {
      throw new IllegalArgumentException("LPN instance: need 1 <= t, 2t <= n and t < k < n, got n=" + n + " k=" + k + " t=" + t);
    }
    String lwyy = "Liu, Wang, Yang, Yu, ePrint 2022/712, on (n - t, k - t)";
    List<Estimate> out = new ArrayList<>();
    out.add(new Estimate("AGB", AlgebraicAttacks.agb(n, k, t), "Briaud, Oygarden, EUROCRYPT 2023"));
    out.add(new Estimate("AGB 2.0", AlgebraicAttacks.agb2(n, k, t), "ePrint 2025/1476"));
    long n1 = n - t;
    long k1 = k - t;
    out.add(new Estimate("Pooled Gauss", ExactNoiseAttacks.pooledGauss(n1, k1, t), lwyy));
    out.add(new Estimate("SD", ExactNoiseAttacks.statisticalDecoding(n1, k1, t), lwyy));
    out.add(new Estimate("SD 2.0", ExactNoiseAttacks.statisticalDecoding2(n1, k1, t), lwyy));
    out.add(new Estimate("SD-ISD", ExactNoiseAttacks.sdIsd(n1, k1, t), lwyy));
    out.add(new Estimate("BJMM-ISD", ExactNoiseAttacks.bjmmIsd(n1, k1, t), lwyy));
    out.add(new Estimate("hybrid", HybridAttack.cost(n, k, t), "ePrint 2025/1284"));
    String es = "Esser, Santini, ePrint 2023/1568";
    out.add(new Estimate("regular ISD (permutation)", RegularIsd.permutation(n, k, t), es));
    out.add(new Estimate("regular ISD (enumeration)", RegularIsd.enumeration(n, k, t), es));
    out.add(new Estimate("regular ISD (representation)", RegularIsd.representation(n, k, t), es));
    out.sort(Comparator.comparingDouble(Estimate::bits));
    return List.copyOf(out);
  }

  /** The cheapest attack's cost: the instance's estimated bit security. */
  public static Estimate security(long n, long k, long t) {
    return regularBinary(n, k, t).get(0);
  }
}
