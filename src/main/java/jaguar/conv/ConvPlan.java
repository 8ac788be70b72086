package jaguar.conv;

import java.util.ArrayList;
import java.util.List;

/**
 * How a convolution is cut into ciphertexts for one kernel at ring degree N, and what it costs.
 *
 * <p>Encoding (spec section 4, after Cheetah's tensor encoder): the input, zero-padded, is cut
 * into blocks of Cw channels x Hw rows x Ww columns with Cw*Hw*Ww <= N; coefficient cl*Hw*Ww +
 * i*Ww + j of a block holds channel cl, row i, column j. Spatial tiles advance by Hw - k + 1 rows
 * and Ww - k + 1 columns, so neighbouring tiles overlap by k - 1. Filter tap (cl, i, j) multiplies
 * the block by X^(O - cl*Hw*Ww - i*Ww - j), O = Hw*Ww*(Cw-1) + Ww*(k-1) + (k-1), and the stride-1
 * output (i, j) of the tile lands at coefficient O + i*Ww + j; a stride s keeps every s-th row and
 * column at extraction. One output ciphertext per (output channel, tile): it sums the products of
 * every channel block that holds a channel of the output's group. A depthwise output therefore
 * reads one block, and blocks still pack several channels to cut input ciphertexts.
 *
 * <p>Input ciphertexts are indexed block * tiles + tile, outputs channel * tiles + tile.
 *
 * <p>The planner tries every (Cw, Hw) with the widest Ww that fits and keeps the cheapest for the
 * protocol, counting work in butterflies (an NTT of length N is N/2 log2 N of them, a pointwise or
 * scalar product N): SPA-Conv costs 2N multiply-adds per tap and tile, and the taps per tile are
 * fixed by the shape, so it minimises tiles, then ciphertexts. Cheetah's normal-form schedule pays
 * per (block, output) product five transforms and two pointwise products per limb, or only the
 * two scalar products of the monomial path when the product's filter has one coefficient (1 x 1
 * taps over one channel, as OpenCheetah gets whenever one channel fills half the ring); the
 * NTT-form schedule pays one pointwise product per product. Both Cheetah schedules also pay two
 * transforms per input and per output ciphertext (the NTT schedule does them in the kernel; the
 * normal-form protocol does them in encryption and export), which keeps the planner from trading
 * a few products for many more ciphertexts.
 *
 * <p>A plan may convolve the layer's {@link Polyphase} form instead ({@link #polyphase()}): then
 * {@link #shape()} is the transformed stride-1 shape the kernel computes, {@link #layerShape()} the
 * layer's; callers still pass the layer's input and weights and read the layer's output.
 */
public final class ConvPlan {
  private final ConvShape shape; // what the kernel convolves: the layer's, or its polyphase form
  private final ConvShape layerShape; // the layer's shape: its input and weights are what callers hold
  private final double cost; // the protocol's primary cost of the chosen block (see Candidate.cost)
  private final int n;
  private final ConvProtocol protocol;
  private final Layout layout;
  private final int cw;
  private final int hw;
  private final int ww;
  private final int tilesH;
  private final int tilesW;
  private final int blocks;
  private final long pairsPerTile;
  private final long monomialPairsPerTile;
  private final int candidates;
  private final String reason;
  private final String choice; // why jaguar-hybrid chose this plan, or null
  private final boolean spaC0; // jaguar-ntt: c0 by SPA-Conv on the exported spans, c1 by NTT

  private ConvPlan(ConvPlan o, String choice, boolean spaC0) {
    this.shape = o.shape;
    this.layerShape = o.layerShape;
    this.cost = o.cost;
    this.n = o.n;
    this.protocol = o.protocol;
    this.cw = o.cw;
    this.hw = o.hw;
    this.ww = o.ww;
    this.tilesH = o.tilesH;
    this.tilesW = o.tilesW;
    this.blocks = o.blocks;
    this.pairsPerTile = o.pairsPerTile;
    this.monomialPairsPerTile = o.monomialPairsPerTile;
    this.layout = o.layout;
    this.candidates = o.candidates;
    this.reason = o.reason;
    this.choice = choice;
    this.spaC0 = spaC0;
  }

  /**
   * This plan, chosen by {@link JaguarPlanner} for the reason given; for a jaguar-ntt plan, spaC0
   * says whether c0 is computed by SPA-Conv on the exported spans (c1 by the NTT path).
   */
  ConvPlan withChoice(String why, boolean spaC0) {
    if (spaC0 && protocol != ConvProtocol.JAGUAR_NTT) {
      throw new IllegalArgumentException("only a jaguar-ntt plan splits its components");
    }
    return new ConvPlan(this, why, spaC0);
  }

  /**
   * For a jaguar-ntt plan: whether its kernel computes c0 by SPA-Conv terms on the spans of
   * exported coefficients only (the NTT path then transforms c1 alone); false for a plan asked of
   * jaguar-ntt directly.
   */
  public boolean spaC0() {
    return spaC0;
  }

  /**
   * Why {@link ConvProtocol#JAGUAR_HYBRID} chose this plan (whose {@link #protocol()} is then
   * jaguar or jaguar-ntt), or null for a plan asked of its protocol directly.
   */
  public String choice() {
    return choice;
  }

  private ConvPlan(ConvShape shape, ConvShape layerShape, int n, ConvProtocol protocol, Candidate c,
      int candidates, String reason) {
    this.shape = shape;
    this.layerShape = layerShape;
    this.cost = c.cost(protocol, n);
    this.n = n;
    this.protocol = protocol;
    this.cw = c.cw;
    this.hw = c.hw;
    this.ww = c.ww;
    this.tilesH = c.tilesH;
    this.tilesW = c.tilesW;
    this.blocks = c.blocks;
    this.pairsPerTile = c.pairs;
    this.monomialPairsPerTile = c.monomials;
    this.layout = c.tiles() == 1 ? Layout.PACKED : Layout.SPLIT;
    this.candidates = candidates;
    this.reason = reason;
    this.choice = null;
    this.spaC0 = false;
  }

  /**
   * The cheapest plan for the protocol at ring degree n (a power of two).
   *
   * @param layout {@link Layout#AUTO}, or a forced layout
   * @throws ConvOptionException if no block fits (k*k > n) or the forced layout is impossible
   */
  public static ConvPlan of(ConvShape shape, int n, ConvProtocol protocol, Layout layout) {
    return of(shape, n, protocol, layout, StrideForm.AUTO);
  }

  /**
   * The cheapest plan for the protocol in the given form of a strided layer ({@link
   * StrideForm#AUTO}: the protocol's default, see there).
   *
   * @throws ConvOptionException as {@link #of(ConvShape, int, ConvProtocol, Layout)}, or if the
   *     polyphase form is forced on a shape it does not apply to
   */
  public static ConvPlan of(ConvShape shape, int n, ConvProtocol protocol, Layout layout, StrideForm form) {
    if (protocol == ConvProtocol.JAGUAR_HYBRID) {
      return JaguarPlanner.choose(shape, n, layout, form, KernelCosts.machine(), 1.0).plan();
    }
    switch (form) {
      case DIRECT:
        return direct(shape, n, protocol, layout);
      case POLYPHASE:
        return polyphase(shape, n, protocol, layout);
      default:
        return protocol == ConvProtocol.CHEETAH_NTT && Polyphase.applies(shape)
            ? cheaperForm(shape, n, protocol, layout)
            : direct(shape, n, protocol, layout);
    }
  }

  /**
   * The cheaper of the direct and the polyphase plan by the protocol's own cost (the primary cost
   * of {@link #explain()}'s objective; ties keep the direct form). A forced layout one form cannot
   * take leaves the other.
   *
   * @throws ConvOptionException if neither form admits the forced layout
   */
  static ConvPlan cheaperForm(ConvShape shape, int n, ConvProtocol protocol, Layout layout) {
    ConvPlan d;
    try {
      d = direct(shape, n, protocol, layout);
    } catch (ConvOptionException e) {
      return polyphase(shape, n, protocol, layout);
    }
    ConvPlan p;
    try {
      p = polyphase(shape, n, protocol, layout);
    } catch (ConvOptionException e) {
      return d;
    }
    return p.cost < d.cost ? p : d;
  }

  /**
   * The cheapest plan of the protocol on the layer as it is (all stride-1 outputs computed, the
   * stride applied at extraction; 1 x 1 strided filters subsampled). Not for jaguar-hybrid.
   *
   * @throws ConvOptionException if no block fits (k*k > n) or the forced layout is impossible
   */
  public static ConvPlan direct(ConvShape shape, int n, ConvProtocol protocol, Layout layout) {
    return plan(shape, shape, n, protocol, layout);
  }

  /**
   * The cheapest plan of the protocol on the layer's {@link Polyphase} form: the kernel convolves
   * {@link Polyphase#shape}, callers still pass the layer's input and weights (packing builds the
   * phase images, the kernels reorder the weights) and read the layer's output. Not for
   * jaguar-hybrid.
   *
   * @throws ConvOptionException if the polyphase form does not apply (stride 1 or k = 1), or as
   *     {@link #direct}
   */
  public static ConvPlan polyphase(ConvShape shape, int n, ConvProtocol protocol, Layout layout) {
    return plan(Polyphase.shape(shape), shape, n, protocol, layout);
  }

  private static ConvPlan plan(ConvShape shape, ConvShape layerShape, int n, ConvProtocol protocol, Layout layout) {
    if (protocol == ConvProtocol.JAGUAR_HYBRID) {
      throw new IllegalArgumentException("jaguar-hybrid plans through JaguarPlanner");
    }
    int k = shape.k();
    boolean subsample = subsamples(shape);
    int inH = subsample ? shape.outH() : neededInput(shape.h(), shape.pad(), k, shape.stride(), shape.outH());
    int inW = subsample ? shape.outW() : neededInput(shape.w(), shape.pad(), k, shape.stride(), shape.outW());
    if ((long) k * k > n) {
      throw new ConvOptionException("k", k, "k*k <= N=" + n + " (one k x k tile must fit a ciphertext)");
    }
    boolean fits = (long) inH * inW <= n;
    if (layout == Layout.PACKED && !fits) {
      throw new ConvOptionException(
          "layout", "packed",
          "split or auto: one channel's padded input (" + inH + " x " + inW + " = " + inH * inW
              + " coefficients) exceeds N=" + n);
    }
    if (layout == Layout.SPLIT && inH == k && inW == k) {
      throw new ConvOptionException(
          "layout", "split", "packed or auto: the " + inH + " x " + inW + " input is a single k x k tile");
    }
    Candidate best = null;
    int examined = 0;
    for (int cw = 1; cw <= shape.ci(); cw++) {
      if ((long) cw * k * k > n) {
        break;
      }
      long[] pairs = pairsPerTile(shape, layerShape, cw);
      int blocks = (shape.ci() + cw - 1) / cw;
      for (int hw = Math.min(inH, n / (cw * k)); hw >= k; hw--) {
        int widest = Math.min(inW, n / (cw * hw));
        // the widest block is never worse, except that a forced split may need a narrower one
        int narrowest = layout == Layout.SPLIT ? k : widest;
        for (int ww = widest; ww >= narrowest; ww--) {
          Candidate c = new Candidate(cw, hw, ww, inH, inW, k, blocks, pairs, shape.co());
          boolean packed = c.tiles() == 1;
          if ((layout == Layout.PACKED && !packed) || (layout == Layout.SPLIT && packed)) {
            continue;
          }
          examined++;
          if (best == null || c.cheaperThan(best, protocol, n)) {
            best = c;
          }
        }
      }
    }
    if (best == null) { // unreachable: k*k <= n admits cw = hw = ww = k
      throw new IllegalStateException("no plan for " + shape + " at N=" + n);
    }
    String why =
        (fits
            ? "one channel's padded input (" + inH + " x " + inW + ") fits N=" + n
            : "one channel's padded input (" + inH + " x " + inW + " = " + (long) inH * inW
                + ") exceeds N=" + n)
        + (subsample
            ? " after subsampling by the stride " + shape.stride() + " (1x1 filter: the client packs"
                + " only the pixels the stride keeps, as OpenCheetah does)"
            : "");
    if (shape != layerShape) {
      why = "polyphase (space-to-depth): stride " + layerShape.stride() + " as a stride-1 convolution over "
          + shape.ci() + " phase channels of " + shape.h() + " x " + shape.w() + " with " + k + " x " + k
          + " sub-filters; " + why;
    }
    return new ConvPlan(shape, layerShape, n, protocol, best, examined, why);
  }

  /**
   * The plan of a given geometry, as a peer chose it and sent it (the client packs by what the
   * server planned, never re-deriving it): the layer's shape, its direct or {@link Polyphase} form,
   * and the block Cw x Hw x Ww, validated against what the planner could have chosen. {@code spaC0}
   * marks a jaguar-ntt plan whose c0 is computed by SPA-Conv (the hybrid's mixed kernel).
   *
   * @throws ConvOptionException naming the first field that does not fit (cw, hw, ww, form,
   *     protocol)
   */
  public static ConvPlan agreed(
      ConvShape layer, int n, ConvProtocol protocol, boolean polyphase, int cw, int hw, int ww, boolean spaC0) {
    if (protocol == ConvProtocol.JAGUAR_HYBRID) {
      throw new ConvOptionException("protocol", protocol.label(), "the kernel the hybrid chose: jaguar or jaguar-ntt");
    }
    if (polyphase && !Polyphase.applies(layer)) {
      throw new ConvOptionException("form", "polyphase", "direct (the layer has stride 1 or k = 1)");
    }
    if (spaC0 && protocol != ConvProtocol.JAGUAR_NTT) {
      throw new ConvOptionException("spa_c0", true, "false for a " + protocol.label() + " plan");
    }
    ConvShape shape = polyphase ? Polyphase.shape(layer) : layer;
    int k = shape.k();
    boolean subsample = subsamples(shape);
    int inH = subsample ? shape.outH() : neededInput(shape.h(), shape.pad(), k, shape.stride(), shape.outH());
    int inW = subsample ? shape.outW() : neededInput(shape.w(), shape.pad(), k, shape.stride(), shape.outW());
    if (cw < 1 || cw > shape.ci() || (long) cw * k * k > n) {
      throw new ConvOptionException("cw", cw, "1.." + Math.min(shape.ci(), n / (k * k)) + " channels per block");
    }
    if (hw < k || hw > Math.min(inH, n / (cw * k))) {
      throw new ConvOptionException("hw", hw, k + ".." + Math.min(inH, n / (cw * k)) + " rows per block");
    }
    if (ww < k || ww > Math.min(inW, n / (cw * hw))) {
      throw new ConvOptionException("ww", ww, k + ".." + Math.min(inW, n / (cw * hw)) + " columns per block");
    }
    Candidate c = new Candidate(cw, hw, ww, inH, inW, k, (shape.ci() + cw - 1) / cw, pairsPerTile(shape, layer, cw), shape.co());
    ConvPlan plan = new ConvPlan(shape, layer, n, protocol, c, 1, "agreed: the geometry the server planned");
    return spaC0 ? plan.withChoice("agreed: NTT path on c1, SPA-Conv on c0's exported spans", true) : plan;
  }

  /**
   * Whether the plan packs the input subsampled by the stride: for a 1 x 1 filter with stride s > 1
   * only every s-th row and column of the (padded) input reaches an output, so the client packs
   * those alone (a free local step on its share before encryption; OpenCheetah's shape inference
   * does the same, "optimization for h = 1 with stride > 1") and every kernel then runs a stride-1
   * convolution over the outH x outW subsampled image. Applies to every protocol alike.
   */
  public static boolean subsamples(ConvShape shape) {
    return shape.k() == 1 && shape.stride() > 1;
  }

  /** Rows (or columns) of padded input the stride-1 outputs that survive the stride need. */
  private static int neededInput(int size, int pad, int k, int stride, int out) {
    return Math.min(size + 2 * pad, stride * (out - 1) + k);
  }

  /**
   * (output channel, block) pairs with at least one tap, per tile, and those whose filter
   * polynomial has a single tap (one channel of the group in the block, and that channel's filter
   * one tap: k = 1, or a polyphase sub-filter with one structural tap).
   */
  private static long[] pairsPerTile(ConvShape s, ConvShape layer, int cw) {
    int cpg = s.channelsPerGroup();
    long pairs = 0;
    long monomials = 0;
    for (int g = 0; g < s.groups(); g++) {
      int lo = g * cpg;
      int hi = lo + cpg; // exclusive
      int first = lo / cw;
      int last = (hi - 1) / cw;
      pairs += (long) (last - first + 1) * s.outputsPerGroup();
      for (int b = first; b <= last; b++) {
        int from = Math.max(lo, b * cw);
        if (Math.min(hi, (b + 1) * cw) - from == 1 && structuralTaps(s, layer, from - lo) == 1) {
          monomials += s.outputsPerGroup();
        }
      }
    }
    return new long[] {pairs, monomials};
  }

  /**
   * Structurally nonzero taps of the filter of input channel {@code c} of a group (of the kernel
   * shape): k^2, or for a polyphase form the sub-filter of phase (a, b) of {@link Polyphase} (its
   * taps s u + a, s v + b that stay inside the layer's k x k filter).
   */
  private static int structuralTaps(ConvShape kernel, ConvShape layer, int c) {
    if (kernel == layer || kernel.equals(layer) || !Polyphase.applies(layer)) {
      return kernel.k() * kernel.k();
    }
    int st = layer.stride();
    int phase = c % (st * st);
    int a = phase / st;
    int b = phase % st;
    int rows = (layer.k() - a + st - 1) / st;
    int cols = (layer.k() - b + st - 1) / st;
    return rows * cols;
  }

  private static final class Candidate {
    final int cw;
    final int hw;
    final int ww;
    final int tilesH;
    final int tilesW;
    final int blocks;
    final long pairs;
    final long monomials;
    final int co;

    Candidate(int cw, int hw, int ww, int inH, int inW, int k, int blocks, long[] pairs, int co) {
      this.cw = cw;
      this.hw = hw;
      this.ww = ww;
      this.tilesH = ceilDiv(inH - k + 1, hw - k + 1);
      this.tilesW = ceilDiv(inW - k + 1, ww - k + 1);
      this.blocks = blocks;
      this.pairs = pairs[0];
      this.monomials = pairs[1];
      this.co = co;
    }

    long tiles() {
      return (long) tilesH * tilesW;
    }

    long ciphertexts() {
      return ((long) blocks + co) * tiles();
    }

    /**
     * Primary cost of the protocol (ties: ciphertexts, then the smaller block): for {@code cheetah}
     * in operation counts (OpenCheetah's choice), for the NTT schedules in pointwise coefficient
     * products with a butterfly priced as this machine measures it ({@link
     * KernelCosts#butterflyPerPointwiseCoefficient}), as jaguar-hybrid prices its choices.
     */
    double cost(ConvProtocol p, int n) {
      double ntt = n / 2.0 * Integer.numberOfTrailingZeros(n);
      double perCiphertext = 2 * ntt * ciphertexts();
      if (p == ConvProtocol.CHEETAH_NTT || p == ConvProtocol.JAGUAR_NTT) {
        perCiphertext *= KernelCosts.machine().butterflyPerPointwiseCoefficient();
      }
      switch (p) {
        case JAGUAR:
          return tiles(); // taps per tile are fixed by the shape
        case CHEETAH:
          return (double) (pairs - monomials) * tiles() * (5 * ntt + 2.0 * n)
              + (double) monomials * tiles() * 2.0 * n
              + perCiphertext;
        case CHEETAH_NTT: // monomial pairs take the normal-form path: no transforms when all are
          return (double) pairs * tiles() * 2.0 * n + (pairs > monomials ? perCiphertext : 0);
        case JAGUAR_NTT:
          return (double) pairs * tiles() * 2.0 * n + perCiphertext;
        default:
          throw new IllegalArgumentException(p.toString());
      }
    }

    boolean cheaperThan(Candidate o, ConvProtocol p, int n) {
      int c = Double.compare(cost(p, n), o.cost(p, n));
      if (c != 0) {
        return c < 0;
      }
      c = Long.compare(ciphertexts(), o.ciphertexts());
      if (c != 0) {
        return c < 0;
      }
      return (long) cw * hw * ww < (long) o.cw * o.hw * o.ww; // same counts: the smaller block
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * The convolution the kernel computes: the layer's shape, or for a {@link #polyphase()} plan its
   * {@link Polyphase#shape} (same output, stride 1, no padding).
   */
  public ConvShape shape() {
    return shape;
  }

  /** The layer's shape: the layout of the input and weights callers pass, and of the output. */
  public ConvShape layerShape() {
    return layerShape;
  }

  /** Whether the kernel convolves the layer's {@link Polyphase} form. */
  public boolean polyphase() {
    return shape != layerShape;
  }

  /** The protocol's primary cost of this plan (the objective {@link #explain()} names). */
  double cost() {
    return cost;
  }

  /** Whether the input is packed subsampled by the stride ({@link #subsamples}). */
  public boolean subsampled() {
    return subsamples(shape);
  }

  /**
   * Padded-input rows (and columns) between neighbouring packed pixels: the stride when {@link
   * #subsampled()}, else 1.
   */
  public int inputStride() {
    return subsampled() ? shape.stride() : 1;
  }

  /**
   * The stride applied at extraction, in packed pixels: 1 when {@link #subsampled()} (the input
   * already is), else the shape's stride.
   */
  public int outputStride() {
    return subsampled() ? 1 : shape.stride();
  }

  /** Ring degree N. */
  public int degree() {
    return n;
  }

  public ConvProtocol protocol() {
    return protocol;
  }

  /** {@link Layout#PACKED} (one tile) or {@link Layout#SPLIT}. */
  public Layout layout() {
    return layout;
  }

  /** Channels per block, Cw. */
  public int blockChannels() {
    return cw;
  }

  /** Rows per block, Hw. */
  public int blockRows() {
    return hw;
  }

  /** Columns per block, Ww. */
  public int blockCols() {
    return ww;
  }

  /** Channel blocks: ceil(ci / Cw). */
  public int blocks() {
    return blocks;
  }

  public int tilesH() {
    return tilesH;
  }

  public int tilesW() {
    return tilesW;
  }

  /** Spatial tiles per channel block. */
  public int tiles() {
    return tilesH * tilesW;
  }

  /** Input ciphertexts: blocks * tiles. */
  public int ciphertextsIn() {
    return blocks * tiles();
  }

  /** Output ciphertexts: co * tiles. */
  public int ciphertextsOut() {
    return shape.co() * tiles();
  }

  /** Ciphertext-by-filter products, counting all-zero filters: (output, block) pairs * tiles. */
  public long products() {
    return pairsPerTile * tiles();
  }

  /**
   * Whether block {@code b}'s part of output channel {@code m}'s filter is a single tap (one channel
   * of m's group in the block, whose filter has one structural tap: k = 1, or a polyphase phase
   * such as (1, 1) of a 3 x 3 stride-2 filter): Cheetah's monomial path.
   */
  public boolean monomialBlock(int m, int b) {
    int cpg = shape.channelsPerGroup();
    int lo = m / shape.outputsPerGroup() * cpg;
    int from = Math.max(lo, b * cw);
    return Math.min(lo + cpg, (b + 1) * cw) - from == 1 && structuralTaps(shape, layerShape, from - lo) == 1;
  }

  /** Products whose filter polynomial has one tap (Cheetah's monomial path), zero weights aside. */
  public long monomialProducts() {
    return monomialPairsPerTile * tiles();
  }

  /**
   * SPA-Conv terms counting zero weights: co * (ci/groups) * k^2 * tiles of the layer's shape (for
   * a polyphase plan the sub-filters' padding taps, structurally zero, are not counted).
   */
  public long taps() {
    return (long) layerShape.co() * layerShape.channelsPerGroup() * layerShape.k() * layerShape.k() * tiles();
  }

  /**
   * Coefficients of c0 SPA-Conv computes per term, summed over the tiles: the spans holding the
   * exported coefficients ({@link ExportedCoefficients}). A dense kernel does taps() / tiles() *
   * (tiles() * N + this) multiply-adds.
   */
  public long c0Coefficients() {
    ExportedCoefficients e = ExportedCoefficients.of(this);
    long c = 0;
    for (int tile = 0; tile < tiles(); tile++) {
      c += e.computed(tile);
    }
    return c;
  }

  /** Index of the input ciphertext of a block and a tile. */
  public int inputIndex(int block, int tile) {
    return block * tiles() + tile;
  }

  /** Index of the output ciphertext of an output channel and a tile. */
  public int outputIndex(int channel, int tile) {
    return channel * tiles() + tile;
  }

  /** The first channel block output channel m reads. */
  public int firstBlock(int m) {
    return shape.groupOf(m) * shape.channelsPerGroup() / cw;
  }

  /** The last channel block output channel m reads (inclusive). */
  public int lastBlock(int m) {
    return ((shape.groupOf(m) + 1) * shape.channelsPerGroup() - 1) / cw;
  }

  /** Top packed row of a tile (also its first stride-1 output row), in padded-input rows / {@link #inputStride()}. */
  public int tileRow(int tile) {
    return tile / tilesW * (hw - shape.k() + 1);
  }

  /** Left packed column of a tile. */
  public int tileCol(int tile) {
    return tile % tilesW * (ww - shape.k() + 1);
  }

  /** Stride-1 output rows per tile: Hw - k + 1. */
  public int tileOutRows() {
    return hw - shape.k() + 1;
  }

  /** Stride-1 output columns per tile: Ww - k + 1. */
  public int tileOutCols() {
    return ww - shape.k() + 1;
  }

  /** O = Hw*Ww*(Cw-1) + Ww*(k-1) + (k-1): where stride-1 output (0, 0) of a tile lands. */
  public int outputOffset() {
    return hw * ww * (cw - 1) + ww * (shape.k() - 1) + shape.k() - 1;
  }

  /** The negacyclic shift of tap (local channel cl, row i, column j): O - cl*Hw*Ww - i*Ww - j. */
  public int tapShift(int cl, int i, int j) {
    return outputOffset() - cl * hw * ww - i * ww - j;
  }

  /** Multi-line explanation: the choice, why, and its counts. */
  public String explain() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(
        "plan: %s N=%d %s layout=%s: %s", protocol.label(), n, layerShape, layout.label(), reason));
    if (polyphase()) {
      lines.add("  kernel shape (polyphase): " + shape);
    }
    lines.add(String.format(
        "  block %d channel(s) x %d x %d = %d of %d coefficients; %d channel block(s) x %d tile(s) (%d x %d%s)",
        cw, hw, ww, cw * hw * ww, n, blocks, tiles(), tilesH, tilesW,
        tiles() > 1 ? ", overlapping by k-1=" + (shape.k() - 1) : ""));
    lines.add(String.format(
        "  cts_in=%d cts_out=%d products=%d (monomial %d) taps=%d",
        ciphertextsIn(), ciphertextsOut(), products(), monomialProducts(), taps()));
    String objective;
    switch (protocol) {
      case JAGUAR:
        objective = "fewest tiles (each tap costs N multiply-adds on c1 and one per exported"
            + " coefficient on c0, per tile), then fewest ciphertexts";
        break;
      case CHEETAH:
        objective = "the least work: 5 NTTs + 2 pointwise products per limb per product (2 scalar"
            + " products on the monomial path), plus 2 NTTs per ciphertext";
        break;
      default:
        objective = "the least time: 2 NTTs per prime per input and output ciphertext plus 2"
            + " pointwise products per prime per product, priced by this machine's measured costs"
            + " (a butterfly = " + String.format("%.2f", KernelCosts.machine().butterflyPerPointwiseCoefficient())
            + " pointwise coefficient products)";
    }
    lines.add("  chosen among " + candidates + " candidate blocks for " + objective
        + (shape.type() == ConvType.DEPTHWISE
            ? "; depthwise: each output reads the one block holding its channel, blocks pack"
                + " channels only to cut input ciphertexts"
            : ""));
    if (choice != null) {
      lines.add("  jaguar-hybrid chose " + choice);
    }
    return String.join(System.lineSeparator(), lines);
  }

  @Override
  public String toString() {
    return String.format("ConvPlan[%s%s N=%d Cw=%d Hw=%d Ww=%d tiles=%dx%d in=%d out=%d]",
        protocol.label(), polyphase() ? " polyphase" : "", n, cw, hw, ww, tilesH, tilesW, ciphertextsIn(), ciphertextsOut());
  }
}
