package jaguar.experiment.convbench;

import java.util.List;

/**
 * One timed (shape, protocol, vectorisation, threads) case as a child JVM reports it: the plan, the
 * work one call does, the timing, the prediction from separately timed unit kernels, and the check
 * of the outputs. Written and read as one CSV line ({@link #HEADER}); no field holds a comma.
 */
record Measurement(
    String vectorisation,
    String name,
    String protocol,
    int threads,
    int degree,
    String planLayout,
    int blockChannels,
    int blockRows,
    int blockCols,
    int tiles,
    int ciphertextsIn,
    int ciphertextsOut,
    long terms,
    long multiplyAdds,
    long products,
    long monomialProducts,
    long forwardNtts,
    long inverseNtts,
    long pointwiseProducts,
    long offlineNtts,
    int kernelRanges,
    int memoryGroups,
    int repeats,
    int batch,
    double msMean,
    double msStd,
    double msMin,
    double msMedian,
    double predictedMs,
    double kernelBuildMs,
    long outputsChecked,
    long mismatches) {

  static final List<String> HEADER = List.of(
      "vectorisation", "name", "protocol", "threads", "N", "plan_layout", "block_channels",
      "block_rows", "block_cols", "tiles", "cts_in", "cts_out", "terms", "multiply_adds",
      "products", "monomial_products", "forward_ntts", "inverse_ntts", "pointwise_products",
      "offline_ntts", "kernel_ranges", "memory_groups", "repeats", "batch", "ms_mean", "ms_std",
      "ms_min", "ms_median", "predicted_ms", "kernel_build_ms", "outputs_checked", "mismatches");

  String toCsv() {
    return CsvLines.join(List.of(
        vectorisation, name, protocol, i(threads), i(degree), planLayout, i(blockChannels),
        i(blockRows), i(blockCols), i(tiles), i(ciphertextsIn), i(ciphertextsOut), l(terms),
        l(multiplyAdds), l(products), l(monomialProducts), l(forwardNtts), l(inverseNtts),
        l(pointwiseProducts), l(offlineNtts), i(kernelRanges), i(memoryGroups), i(repeats), i(batch),
        d(msMean), d(msStd), d(msMin), d(msMedian), d(predictedMs), d(kernelBuildMs),
        l(outputsChecked), l(mismatches)));
  }

  static Measurement fromCsv(String line) {
    String[] f = CsvLines.split(line, HEADER.size());
    int c = 0;
    return new Measurement(
        f[c++], f[c++], f[c++], Integer.parseInt(f[c++]), Integer.parseInt(f[c++]), f[c++],
        Integer.parseInt(f[c++]), Integer.parseInt(f[c++]), Integer.parseInt(f[c++]),
        Integer.parseInt(f[c++]), Integer.parseInt(f[c++]), Integer.parseInt(f[c++]),
        Long.parseLong(f[c++]), Long.parseLong(f[c++]), Long.parseLong(f[c++]), Long.parseLong(f[c++]),
        Long.parseLong(f[c++]), Long.parseLong(f[c++]), Long.parseLong(f[c++]), Long.parseLong(f[c++]),
        Integer.parseInt(f[c++]), Integer.parseInt(f[c++]), Integer.parseInt(f[c++]),
        Integer.parseInt(f[c++]), Double.parseDouble(f[c++]), Double.parseDouble(f[c++]),
        Double.parseDouble(f[c++]), Double.parseDouble(f[c++]), Double.parseDouble(f[c++]),
        Double.parseDouble(f[c++]), Long.parseLong(f[c++]), Long.parseLong(f[c]));
  }

  private static String i(int v) {
    return Integer.toString(v);
  }

  private static String l(long v) {
    return Long.toString(v);
  }

  private static String d(double v) {
    return Double.toString(v);
  }
}
