package jaguar.protocol;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.conv.MatVecPlan;
import jaguar.share.ExportLayout;
import java.util.Arrays;

/**
 * What one export message of a linear layer carries: the public layout of its output ciphertexts
 * (which coefficients each exports) and, for each exported value in layout order, the index of the
 * output-tensor entry it is. Both parties derive it from the agreed plan.
 *
 * @param from first output channel (convolution) or row group of the range
 * @param to one past the last
 */
public record ExportRange(int from, int to, ExportLayout layout, int[] outputIndex) {
  /**
   * Output channels [from, to) of a convolution plan; output ciphertexts are ordered (m - from) *
   * tiles + tile, as {@link jaguar.conv.HomConv#convolve} returns them.
   */
  public static ExportRange of(ConvPlan plan, int from, int to) {
    int tiles = plan.tiles();
    int[][] coefficients = new int[(to - from) * tiles][];
    int[][] indices = new int[coefficients.length][];
    int[] scratchCoef = new int[plan.degree()];
    int[] scratchIdx = new int[plan.degree()];
    int count = 0;
    for (int m = from; m < to; m++) {
      for (int tile = 0; tile < tiles; tile++) {
        int[] k = {0};
        ConvPacking.forEachOutput(plan, m, tile, (coef, idx) -> {
          scratchCoef[k[0]] = coef;
          scratchIdx[k[0]] = idx;
          k[0]++;
        });
        int g = (m - from) * tiles + tile;
        coefficients[g] = Arrays.copyOf(scratchCoef, k[0]);
        indices[g] = Arrays.copyOf(scratchIdx, k[0]);
        count += k[0];
      }
    }
    return new ExportRange(from, to, ExportLayout.of(plan.degree(), coefficients), concat(indices, count));
  }

  /** Every output ciphertext of a matrix-vector plan: row group g exports r*ni + ni - 1 per row. */
  public static ExportRange of(MatVecPlan plan) {
    int groups = plan.ciphertextsOut();
    int[][] coefficients = new int[groups][];
    int[] index = new int[plan.outputs()];
    for (int g = 0; g < groups; g++) {
      coefficients[g] = new int[plan.rows(g)];
      for (int r = 0; r < plan.rows(g); r++) {
        coefficients[g][r] = plan.outputCoefficient(r);
        index[g * plan.blockRows() + r] = g * plan.blockRows() + r;
      }
    }
    return new ExportRange(0, groups, ExportLayout.of(plan.degree(), coefficients), index);
  }

  /** Values packed densely, N per ciphertext, each exported where it sits. */
  public static ExportRange dense(int values, int degree) {
    int cts = (values + degree - 1) / degree;
    int[][] coefficients = new int[cts][];
    int[] index = new int[values];
    for (int b = 0; b < cts; b++) {
      int count = Math.min(degree, values - b * degree);
      coefficients[b] = new int[count];
      for (int j = 0; j < count; j++) {
        coefficients[b][j] = j;
        index[b * degree + j] = b * degree + j;
      }
    }
    return new ExportRange(0, cts, ExportLayout.of(degree, coefficients), index);
  }

  private static int[] concat(int[][] parts, int count) {
    int[] out = new int[count];
    int o = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** Exported values (shares) of the range. */
  public int values() {
    return outputIndex.length;
  }
}
