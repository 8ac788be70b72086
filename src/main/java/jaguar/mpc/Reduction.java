package jaguar.mpc;

/**
 * The ring a DReLU compares on: {@link #EXACT} (the whole share), or the approximate ReLU of Maeng
 * and Suh as OpenCheetah runs it: each party drops the low {@code lo} bits of its share in
 * Z_{2^l} and keeps the next {@code width} bits, and the comparison runs on those. The sign comes
 * out that of floor(x / 2^lo) - c for a carry c in {0, 1} of the dropped bits: wrong only for 0 <=
 * x < 2^lo (then 0 is kept instead of x) and outside -2^(lo + width - 1) + 2^lo <= x < 2^(lo +
 * width - 1) (where the reduced value wraps). Cheaper: the
 * millionaire runs on width - 1 bits instead of l - 1.
 */
public record Reduction(int lo, int width) {
  /** The exact comparison. */
  public static final Reduction EXACT = new Reduction(0, 0);

  public Reduction {
    if (lo < 0 || width < 0 || lo + width > 64 || (width == 0) != (lo == 0)) {
      throw new IllegalArgumentException("reduced ring: lo " + lo + ", width " + width + "; valid: both 0 (exact) or lo >= 1, width >= 2, lo + width <= 64");
    }
    if (width == 1) {
      throw new IllegalArgumentException("reduced ring: width must be at least 2 bits, got 1");
    }
  }

  public boolean exact() {
    return width == 0;
  }

  /** The bits the comparison sees for a ring of {@code bits}. */
  public int comparedBits(int bits) {
    return exact() ? bits : width;
  }
}
