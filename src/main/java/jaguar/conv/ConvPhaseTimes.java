package jaguar.conv;

/**
 * Where a Cheetah HomConv call spends its time, in nanoseconds per phase (paper Figure 1b), as
 * {@link CheetahHomConv#convolveProfiled} measures it: forward NTTs (plaintexts and ciphertexts),
 * inverse NTTs, NTT-domain pointwise products, monomial products (SEAL's no-NTT path) and the rest
 * (encoding filters, copies, modular additions, allocation: the call's total minus the phases).
 * Phases are timed around whole transforms and whole length-N loops, so the clock's cost (tens of
 * nanoseconds per reading against tens of microseconds per transform) stays below 0.5 %.
 *
 * <p>Mutable and not thread-safe: one instance per profiled call (or per thread), summed with {@link
 * #add}.
 */
public final class ConvPhaseTimes {
  long forwardNtt;
  long inverseNtt;
  long pointwise;
  long monomial;
  long total;

  public long forwardNttNanos() {
    return forwardNtt;
  }

  public long inverseNttNanos() {
    return inverseNtt;
  }

  public long pointwiseNanos() {
    return pointwise;
  }

  public long monomialNanos() {
    return monomial;
  }

  /** The whole call. */
  public long totalNanos() {
    return total;
  }

  /** Total minus every timed phase: never negative (phases are nested inside the total). */
  public long restNanos() {
    return Math.max(0, total - forwardNtt - inverseNtt - pointwise - monomial);
  }

  /** Adds another call's times to this one. */
  public ConvPhaseTimes add(ConvPhaseTimes o) {
    forwardNtt += o.forwardNtt;
    inverseNtt += o.inverseNtt;
    pointwise += o.pointwise;
    monomial += o.monomial;
    total += o.total;
    return this;
  }

  @Override
  public String toString() {
    return String.format(
        "forward_ntt=%.3f ms inverse_ntt=%.3f ms pointwise=%.3f ms monomial=%.3f ms rest=%.3f ms total=%.3f ms",
        forwardNtt / 1e6, inverseNtt / 1e6, pointwise / 1e6, monomial / 1e6, restNanos() / 1e6, total / 1e6);
  }
}
