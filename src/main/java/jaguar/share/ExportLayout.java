package jaguar.share;

/**
 * Which coefficients of each output ciphertext are exported: for ciphertext i, a strictly
 * increasing list of coefficient indices in [0, N), possibly empty (a ciphertext whose outputs the
 * stride drops entirely: nothing of it is sent). Public (both parties derive it from the conv
 * plan), so messages carry no indices. Shares are numbered in layout order: ciphertext by
 * ciphertext, coefficients in increasing order.
 */
public final class ExportLayout {
  private final int degree;
  private final int[][] coefficients;
  private final int[] offsets;

  private ExportLayout(int degree, int[][] coefficients) {
    this.degree = degree;
    this.coefficients = coefficients;
    this.offsets = new int[coefficients.length + 1];
    for (int i = 0; i < coefficients.length; i++) {
      offsets[i + 1] = offsets[i] + coefficients[i].length;
    }
  }

  /**
   * @param coefficients per ciphertext, strictly increasing indices in [0, degree)
   * @throws IllegalArgumentException naming the first bad ciphertext
   */
  public static ExportLayout of(int degree, int[][] coefficients) {
    int[][] copy = new int[coefficients.length][];
    for (int i = 0; i < coefficients.length; i++) {
      int[] c = coefficients[i];
      for (int j = 0; j < c.length; j++) {
        if (c[j] < 0 || c[j] >= degree || (j > 0 && c[j] <= c[j - 1])) {
          throw new IllegalArgumentException(
              "output ciphertext " + i + ": coefficient indices must increase strictly within [0, "
                  + degree + "); index " + j + " is " + c[j]);
        }
      }
      copy[i] = c.clone();
    }
    return new ExportLayout(degree, copy);
  }

  /** Ring degree N. */
  public int degree() {
    return degree;
  }

  /** Number of output ciphertexts (groups). */
  public int ciphertexts() {
    return coefficients.length;
  }

  /** The exported coefficient indices of ciphertext i (the layout's own array: do not modify). */
  public int[] coefficients(int i) {
    return coefficients[i];
  }

  /** Index of the first share of ciphertext i. */
  public int offset(int i) {
    return offsets[i];
  }

  /** Total exported values (shares). */
  public int values() {
    return offsets[coefficients.length];
  }
}
