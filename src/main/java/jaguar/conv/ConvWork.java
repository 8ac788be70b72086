package jaguar.conv;

/**
 * What one server-side convolution computes, counted from the plan and the weights (zero taps and
 * all-zero filters are skipped by every kernel). NTTs and pointwise products are counted per limb
 * and per ciphertext component, i.e. in units of one length-N transform or product mod one prime.
 *
 * @param terms SPA-Conv scalar-times-shift terms (one per nonzero tap and tile)
 * @param multiplyAdds 64-bit multiply-adds of those terms: 2N per term
 * @param products ciphertext-by-filter products done with NTTs
 * @param monomialProducts ciphertext-by-monomial products (no NTT)
 * @param forwardNtts forward transforms done per call
 * @param inverseNtts inverse transforms done per call
 * @param pointwiseProducts length-N pointwise products mod one prime
 * @param offlineNtts forward transforms of filters done once at construction (not per call)
 */
public record ConvWork(
    long terms,
    long multiplyAdds,
    long products,
    long monomialProducts,
    long forwardNtts,
    long inverseNtts,
    long pointwiseProducts,
    long offlineNtts) {

  /** The work of two kernels run one after the other (e.g. two ranges of output channels). */
  /** The same work with {@code n} forward transforms (shared input transforms counted once). */
  public ConvWork withForwardNtts(long n) {
    return new ConvWork(terms, multiplyAdds, products, monomialProducts, n, inverseNtts, pointwiseProducts, offlineNtts);
  }

  public ConvWork plus(ConvWork o) {
    return new ConvWork(
        terms + o.terms, multiplyAdds + o.multiplyAdds, products + o.products,
        monomialProducts + o.monomialProducts, forwardNtts + o.forwardNtts, inverseNtts + o.inverseNtts,
        pointwiseProducts + o.pointwiseProducts, offlineNtts + o.offlineNtts);
  }

  @Override
  public String toString() {
    return String.format(
        "terms=%d multiply_adds=%d products=%d monomial_products=%d forward_ntts=%d inverse_ntts=%d"
            + " pointwise=%d offline_ntts=%d",
        terms, multiplyAdds, products, monomialProducts, forwardNtts, inverseNtts, pointwiseProducts,
        offlineNtts);
  }
}
