package jaguar.experiment.boundary;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.share.ExportLayout;

/**
 * The public export layout of a convolution's output ciphertexts for a range of output channels:
 * which coefficients each output ciphertext (channel m, tile) exports, and which output-tensor
 * entry each exported value is. Output ciphertexts are ordered (m - from) * tiles + tile, as
 * {@link jaguar.conv.HomConv#convolve} returns them.
 */
public record LayerExport(ExportLayout layout, int[] outputIndex) {
  /** The layout of output channels [from, to) of a plan. */
  public static LayerExport of(ConvPlan plan, int from, int to) {
    int tiles = plan.tiles();
    int[][] coefficients = new int[(to - from) * tiles][];
    int count = 0;
    int[] scratchCoef = new int[plan.degree()];
    int[] scratchIdx = new int[plan.degree()];
    int[][] indices = new int[coefficients.length][];
    for (int m = from; m < to; m++) {
      for (int tile = 0; tile < tiles; tile++) {
        int[] k = {0};
        ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
          scratchCoef[k[0]] = coef;
          scratchIdx[k[0]] = idx;
          k[0]++;
        });
        int g = (m - from) * tiles + tile;
        coefficients[g] = java.util.Arrays.copyOf(scratchCoef, k[0]);
        indices[g] = java.util.Arrays.copyOf(scratchIdx, k[0]);
        count += k[0];
      }
    }
    int[] outputIndex = new int[count];
    int o = 0;
    for (int[] idx : indices) {
      System.arraycopy(idx, 0, outputIndex, o, idx.length);
      o += idx.length;
    }
    return new LayerExport(ExportLayout.of(plan.degree(), coefficients), outputIndex);
  }
}
