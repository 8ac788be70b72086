package jaguar.conv;

import java.util.Arrays;

/**
 * The coefficients of an output ciphertext's c0 that the export reads ({@link
 * ConvPacking#forEachOutput}), per tile, as the contiguous spans a power-of-two kernel computes:
 * exported runs closer than {@link #MERGE_GAP} coefficients are merged (one longer loop is cheaper
 * than two short ones), and the positions a merge brings in that are not exported are listed so the
 * kernel can zero them. The same for every output channel (positions depend only on the tile).
 */
final class ExportedCoefficients {
  /** Runs of exported coefficients separated by fewer non-exported ones than this are merged. */
  static final int MERGE_GAP = 32;

  private final int[][] spans; // [tile] = {start0, end0, start1, end1, ...}, ends exclusive
  private final int[][] gaps; // [tile] = positions inside the spans that are not exported
  private final int[] computed; // [tile] = coefficients inside the spans
  private final int[] exported; // [tile] = exported coefficients

  private ExportedCoefficients(ConvPlan plan) {
    int tiles = plan.tiles();
    spans = new int[tiles][];
    gaps = new int[tiles][];
    computed = new int[tiles];
    exported = new int[tiles];
    int[] positions = new int[plan.degree()];
    for (int tile = 0; tile < tiles; tile++) {
      int[] count = {0};
      ConvPacking.forEachOutput(plan, 0, tile, (coefficient, index) -> positions[count[0]++] = coefficient);
      int c = count[0];
      exported[tile] = c;
      int[] sp = new int[2 * Math.max(1, c)];
      int[] gp = new int[plan.degree()];
      int nSpans = 0;
      int nGaps = 0;
      for (int i = 0; i < c; ) {
        int start = positions[i];
        int end = start + 1;
        i++;
        while (i < c && positions[i] - end < MERGE_GAP) {
          for (int g = end; g < positions[i]; g++) {
            gp[nGaps++] = g;
          }
          end = positions[i] + 1;
          i++;
        }
        sp[2 * nSpans] = start;
        sp[2 * nSpans + 1] = end;
        nSpans++;
        computed[tile] += end - start;
      }
      spans[tile] = Arrays.copyOf(sp, 2 * nSpans);
      gaps[tile] = Arrays.copyOf(gp, nGaps);
    }
  }

  static ExportedCoefficients of(ConvPlan plan) {
    return new ExportedCoefficients(plan);
  }

  /** {start0, end0, start1, end1, ...}: the spans of c0 to compute for a tile (ends exclusive). */
  int[] spans(int tile) {
    return spans[tile];
  }

  /** Positions inside the spans of a tile that are not exported (to be zeroed). */
  int[] gaps(int tile) {
    return gaps[tile];
  }

  /** Coefficients inside the spans of a tile: what a kernel computes of c0. */
  int computed(int tile) {
    return computed[tile];
  }

  /** Exported coefficients of a tile. */
  int exported(int tile) {
    return exported[tile];
  }

  /** Whether coefficient j of c0 is exported in a tile (for tests; linear in the spans). */
  boolean isExported(int tile, int j) {
    int[] sp = spans[tile];
    for (int s = 0; s < sp.length; s += 2) {
      if (j >= sp[s] && j < sp[s + 1]) {
        return Arrays.binarySearch(gaps[tile], j) < 0;
      }
    }
    return false;
  }
}
