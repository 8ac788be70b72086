package jaguar.conv;

/**
 * The per-layer kernel choice of {@link ConvProtocol#JAGUAR_HYBRID}: for a shape, plans both
 * power-of-two kernels ({@link SpaConv}'s plan and {@link JaguarNttConv}'s, each with its own
 * layout), predicts each one's time from {@link KernelCosts} measured on this machine, and keeps the
 * faster. Both kernels compute the same output ciphertexts bit for bit, so the choice changes
 * speed only, never results.
 *
 * <p>The model: SPA-Conv pays, per nonzero tap and tile, N multiply-adds on c1 and one per computed
 * coefficient of c0 ({@link ExportedCoefficients}); the NTT path pays 2 transforms (one per prime)
 * per component of every input and output ciphertext, 2 pointwise products per component per
 * (output, block) product, and one CRT reconstruction per output coefficient. SPA-Conv's cost
 * scales with the weights' density, the NTT path's does not.
 */
public final class JaguarPlanner {
  private JaguarPlanner() {}

  /** The choice for one layer: the plan to run, both predictions and why. */
  public record Choice(ConvPlan plan, double spaMs, double nttMs, String reason) {}

  /**
   * Chooses between the two kernels for a shape at ring degree n.
   *
   * @param layout {@link Layout#AUTO} or a layout forced on both candidates
   * @param density the expected fraction of nonzero weights, in (0, 1]
   * @throws ConvOptionException if the forced layout is impossible, or density is out of range
   */
  public static Choice choose(ConvShape shape, int n, Layout layout, KernelCosts costs, double density) {
    if (!(density > 0 && density <= 1)) {
      throw new ConvOptionException("density", density, "a fraction in (0, 1]");
    }
    ConvPlan spa = ConvPlan.of(shape, n, ConvProtocol.JAGUAR, layout);
    ConvPlan ntt = ConvPlan.of(shape, n, ConvProtocol.JAGUAR_NTT, layout);
    double scale = (double) n / costs.n();
    long c0 = spa.c0Coefficients();
    double tapsPerTile = (double) spa.taps() / spa.tiles() * density;
    double spaNs = tapsPerTile * ((double) spa.tiles() * n + c0) * costs.nsPerMultiplyAdd();
    double nttNs = 4.0 * (ntt.ciphertextsIn() + ntt.ciphertextsOut()) * costs.nsPerNtt() * scale
        + 4.0 * ntt.products() * costs.nsPerPointwise() * scale
        + 2.0 * ntt.ciphertextsOut() * n * costs.nsPerCrtCoefficient();
    boolean useSpa = spaNs <= nttNs;
    String reason = String.format(
        "%s: predicted %.2f ms against %.2f ms for %s (SPA-Conv: %.0f taps x %d tiles x (N + %d computed c0"
            + " coefficients per tile) multiply-adds%s; NTT path: %d + %d ciphertexts x 4 transforms,"
            + " %d products x 4 pointwise, %d x 2N CRT coefficients; costs %s)",
        useSpa ? "SPA-Conv (jaguar)" : "NTT path (jaguar-ntt)",
        (useSpa ? spaNs : nttNs) / 1e6, (useSpa ? nttNs : spaNs) / 1e6,
        useSpa ? "the NTT path" : "SPA-Conv",
        tapsPerTile, spa.tiles(), c0 / spa.tiles(), density < 1 ? String.format(" at density %.2f", density) : "",
        ntt.ciphertextsIn(), ntt.ciphertextsOut(), ntt.products(), ntt.ciphertextsOut(), costs);
    ConvPlan chosen = (useSpa ? spa : ntt).withChoice(reason);
    return new Choice(chosen, spaNs / 1e6, nttNs / 1e6, reason);
  }
}
