package jaguar.mpc.ot.lpn;

import java.util.function.LongToDoubleFunction;

/** The reference estimator's one-dimensional minimisation, shared by the attacks that use it. */
final class Search {
  private Search() {}

  /**
   * The estimator's ternary search of {@code f} over [start, end] (it assumes f convex there):
   * narrow by thirds while the interval is wider than {@code width}, then scan from {@code slack}
   * below its start to {@code slack} above its end (exclusive, and below {@code cap}). The start
   * value and the last compared midpoint seed the minimum, as in the reference.
   */
  static double ternaryMin(long start, long end, long width, long slack, long cap, LongToDoubleFunction f) {
    double min = f.applyAsDouble(start);
    while (end - start > width) {
      long mid1 = (end - start) / 3 + start;
      long mid2 = end - (end - start) / 3;
      double t1 = f.applyAsDouble(mid1);
      double t2 = f.applyAsDouble(mid2);
      if (t1 > t2) {
        start = mid1;
        min = t2;
      } else {
        end = mid2;
        min = t1;
      }
    }
    for (long x = Math.max(0, start - slack); x < Math.min(end + slack, cap); x++) {
      min = Math.min(min, f.applyAsDouble(x));
    }
    return min;
  }
}
