package jaguar.conv;

/**
 * The per-layer kernel choice of {@link ConvProtocol#JAGUAR_HYBRID}: for a shape, plans both
 * power-of-two kernels ({@link SpaConv}'s plan and {@link JaguarNttConv}'s, each with its own
 * layout), predicts each one's time from {@link KernelCosts} measured on this machine, and keeps the
 * faster. Both kernels compute the same output ciphertexts bit for bit, so the choice changes
 * speed only, never results.
 *
 * <p>Three candidates: SPA-Conv; the NTT path on both components; and the NTT path on c1 with c0
 * computed by SPA-Conv terms on the exported spans only (only the power-of-two ring makes such
 * partial products cheap: c0 is needed only where the export reads it, and for small images that
 * is a few hundred of N coefficients). The model: SPA-Conv pays, per nonzero tap and tile, N
 * multiply-adds on c1 and one per computed coefficient of c0 ({@link ExportedCoefficients}); the
 * NTT path pays per component 2 transforms (one per prime) for every input and output ciphertext,
 * 2 pointwise products per (output, block) product, and one CRT reconstruction per output
 * coefficient. SPA-Conv's cost scales with the weights' density, the NTT path's does not.
 *
 * <p>For a strided layer with k > 1 the three kernels are also predicted on its {@link Polyphase}
 * form (the same model on the transformed plan), and the reason says which form won.
 */
public final class JaguarPlanner {
  private JaguarPlanner() {}

  /** The choice for one layer: the plan to run, both predictions and why. */
  public record Choice(ConvPlan plan, double spaMs, double nttMs, double mixedMs, String reason) {}

  /**
   * Chooses between the two kernels for a shape at ring degree n.
   *
   * @param layout {@link Layout#AUTO} or a layout forced on both candidates
   * @param density the expected fraction of nonzero weights, in (0, 1]
   * @throws ConvOptionException if the forced layout is impossible, or density is out of range
   */
  public static Choice choose(ConvShape shape, int n, Layout layout, KernelCosts costs, double density) {
    return choose(shape, n, layout, StrideForm.AUTO, costs, density);
  }

  /**
   * As {@link #choose(ConvShape, int, Layout, KernelCosts, double)}, restricted to one form of a
   * strided layer, or ({@link StrideForm#AUTO}) choosing among both when {@link Polyphase#applies}.
   *
   * @throws ConvOptionException also if the polyphase form is forced where it does not apply
   */
  public static Choice choose(
      ConvShape shape, int n, Layout layout, StrideForm form, KernelCosts costs, double density) {
    return choose(shape, n, layout, form, costs, density, false);
  }

  /**
   * As {@link #choose(ConvShape, int, Layout, StrideForm, KernelCosts, double)}; with {@code
   * filtersOnline} the NTT path also pays its filter transforms (one forward NTT per prime for each
   * (output, block) pair), as it does wherever the transformed filters cannot be held from one call
   * to the next (a whole network's do not fit in memory: ResNet-50's take several GiB).
   */
  public static Choice choose(
      ConvShape shape, int n, Layout layout, StrideForm form, KernelCosts costs, double density, boolean filtersOnline) {
    if (!(density > 0 && density <= 1)) {
      throw new ConvOptionException("density", density, "a fraction in (0, 1]");
    }
    if (form == StrideForm.POLYPHASE) {
      return choose(ConvPlan.polyphase(shape, n, ConvProtocol.JAGUAR, layout),
          ConvPlan.polyphase(shape, n, ConvProtocol.JAGUAR_NTT, layout), costs, density, filtersOnline);
    }
    Choice direct = choose(ConvPlan.direct(shape, n, ConvProtocol.JAGUAR, layout),
        ConvPlan.direct(shape, n, ConvProtocol.JAGUAR_NTT, layout), costs, density, filtersOnline);
    if (form == StrideForm.DIRECT || !Polyphase.applies(shape)) {
      return direct;
    }
    Choice poly;
    try {
      poly = choose(ConvPlan.polyphase(shape, n, ConvProtocol.JAGUAR, layout),
          ConvPlan.polyphase(shape, n, ConvProtocol.JAGUAR_NTT, layout), costs, density, filtersOnline);
    } catch (ConvOptionException e) { // the forced layout does not fit the polyphase form
      return direct;
    }
    double directMs = best(direct);
    double polyMs = best(poly);
    Choice win = polyMs < directMs ? poly : direct;
    Choice other = win == poly ? direct : poly;
    String reason = (win == poly
            ? "polyphase (space-to-depth, stride " + shape.stride() + " as stride 1 over "
                + poly.plan().shape().ci() + " phase channels) + "
            : "direct (stride applied at extraction) + ")
        + win.reason() + String.format("; the %s form's best: %.2f ms",
            win == poly ? "direct" : "polyphase", best(other));
    return new Choice(win.plan().withChoice(reason, win.plan().spaC0()), win.spaMs(), win.nttMs(), win.mixedMs(), reason);
  }

  private static double best(Choice c) {
    return Math.min(c.spaMs(), Math.min(c.nttMs(), c.mixedMs()));
  }

  /** The best of the three kernels on one form (direct or polyphase) of the layer. */
  private static Choice choose(ConvPlan spa, ConvPlan ntt, KernelCosts costs, double density, boolean filtersOnline) {
    int n = spa.degree();
    double scale = (double) n / costs.n();
    double ma = costs.nsPerMultiplyAdd();
    double spaTaps = (double) spa.taps() / spa.tiles() * density; // nonzero taps per tile
    double spaC1 = spaTaps * spa.tiles() * n * ma;
    double spaC0 = spaTaps * spa.c0Coefficients() * ma;
    // the NTT path per component: 2 primes x (input and output transforms, pointwise products), CRT
    double nttComponent = 2.0 * (ntt.ciphertextsIn() + ntt.ciphertextsOut()) * costs.nsPerNtt() * scale
        + 2.0 * ntt.products() * costs.nsPerPointwise() * scale
        + (double) ntt.ciphertextsOut() * n * costs.nsPerCrtCoefficient();
    double nttTaps = (double) ntt.taps() / ntt.tiles() * density;
    double mixedC0 = nttTaps * ntt.c0Coefficients() * ma;
    double filters = filtersOnline ? 2.0 * ntt.products() / ntt.tiles() * costs.nsPerNtt() * scale : 0;
    double[] ns = {spaC1 + spaC0, 2 * nttComponent + filters, nttComponent + mixedC0 + filters};
    String[] names = {
      "SPA-Conv (jaguar)", "NTT path on both components (jaguar-ntt)",
      "NTT path on c1, SPA-Conv on c0's exported spans (jaguar-ntt, c0 by SPA)"
    };
    int best = 0;
    for (int i = 1; i < 3; i++) {
      if (ns[i] < ns[best]) {
        best = i;
      }
    }
    String reason = String.format(
        "%s: predicted %.2f ms; SPA-Conv %.2f ms (%.0f taps x %d tiles x (N + %d c0 coefficients per tile)"
            + " multiply-adds%s), NTT path %.2f ms (%d + %d ciphertexts x 4 transforms, %d products x 4"
            + " pointwise, CRT%s), NTT on c1 + SPA on c0 %.2f ms; unit costs %s",
        names[best], ns[best] / 1e6, ns[0] / 1e6, spaTaps, spa.tiles(), spa.c0Coefficients() / spa.tiles(),
        density < 1 ? String.format(" at density %.2f", density) : "", ns[1] / 1e6, ntt.ciphertextsIn(),
        ntt.ciphertextsOut(), ntt.products(),
        filtersOnline ? String.format(", filter transforms online %.2f ms", filters / 1e6) : "", ns[2] / 1e6, costs);
    ConvPlan chosen = best == 0 ? spa.withChoice(reason, false) : ntt.withChoice(reason, best == 2);
    return new Choice(chosen, ns[0] / 1e6, ns[1] / 1e6, ns[2] / 1e6, reason);
  }
}
