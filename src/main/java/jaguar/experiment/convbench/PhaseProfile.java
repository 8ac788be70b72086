package jaguar.experiment.convbench;

import jaguar.conv.ConvPhaseTimes;
import java.util.List;

/**
 * Where one call of a Cheetah schedule spends its time (paper Figure 1b), per call, from a separate
 * profiled run on one thread ({@link jaguar.conv.CheetahHomConv#convolveProfiled}), beside the
 * unprofiled time of the same case.
 */
record PhaseProfile(
    String vectorisation,
    String name,
    String protocol,
    int calls,
    double forwardNttMs,
    double inverseNttMs,
    double pointwiseMs,
    double monomialMs,
    double restMs,
    double profiledMs,
    double timedMs,
    long outputsChecked,
    long mismatches) {

  static final List<String> HEADER = List.of(
      "vectorisation", "name", "protocol", "calls", "forward_ntt_ms", "inverse_ntt_ms",
      "pointwise_ms", "monomial_ms", "rest_ms", "profiled_ms", "timed_ms", "outputs_checked",
      "mismatches");

  /** A profile from per-call phase times (averaged over {@code calls} profiled calls). */
  static PhaseProfile of(
      String vectorisation, String name, String protocol, int calls, ConvPhaseTimes t, double timedMs,
      long checked, long mismatches) {
    double c = 1e6;
    return new PhaseProfile(vectorisation, name, protocol, calls, t.forwardNttNanos() / c,
        t.inverseNttNanos() / c, t.pointwiseNanos() / c, t.monomialNanos() / c, t.restNanos() / c,
        t.totalNanos() / c, timedMs, checked, mismatches);
  }

  String toCsv() {
    return CsvLines.join(vectorisation, name, protocol, Integer.toString(calls),
        Double.toString(forwardNttMs), Double.toString(inverseNttMs), Double.toString(pointwiseMs),
        Double.toString(monomialMs), Double.toString(restMs), Double.toString(profiledMs),
        Double.toString(timedMs), Long.toString(outputsChecked), Long.toString(mismatches));
  }

  static PhaseProfile fromCsv(String line) {
    String[] f = CsvLines.split(line, HEADER.size());
    return new PhaseProfile(f[0], f[1], f[2], Integer.parseInt(f[3]), Double.parseDouble(f[4]),
        Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
        Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
        Long.parseLong(f[11]), Long.parseLong(f[12]));
  }
}
