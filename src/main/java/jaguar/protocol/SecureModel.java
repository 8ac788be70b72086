package jaguar.protocol;

import jaguar.conv.KernelCosts;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.FixedPointInference;
import jaguar.nn.Model;
import jaguar.nn.Weights;

/**
 * The server's model, loaded and planned once and served to any number of sessions: the
 * batch-norm-folded graph, its weights quantised exactly as {@link FixedPointInference} quantises
 * them (that engine's semantics are the contract), and the {@link NetworkPlan} of every layer.
 * Immutable once made; sessions share it.
 */
public final class SecureModel {
  private final String name;
  private final int inputSize;
  private final FixedPointInference quantised;
  private final NetworkPlan plan;
  private final KernelCosts costs;
  private final Kernel<?>[][] prepared;
  private double loadSeconds;
  private final long cacheBytes;

  private SecureModel(String name, int inputSize, FixedPointInference quantised, NetworkPlan plan, KernelCosts costs,
      long cacheBytes) {
    this.cacheBytes = cacheBytes;
    this.name = name;
    this.inputSize = inputSize;
    this.quantised = quantised;
    this.plan = plan;
    this.costs = costs;
    long t0 = System.nanoTime();
    int count = plan.model().nodes().size();
    prepared = new Kernel<?>[count][];
    for (LinearPlan lp : plan.linearPlans()) {
      if (plan.cached(lp.node()) || lp instanceof LinearPlan.MatVec) {
        long[] w = quantised.quantisedWeights(lp.node());
        Kernel<?>[] k = new Kernel<?>[lp.ranges().size()];
        for (int r = 0; r < k.length; r++) {
          k[r] = Kernel.of(plan.config(), lp, r, w);
        }
        prepared[lp.node()] = k;
      }
    }
    loadSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** Default bytes of prepared NTT kernels (transformed filters) kept across sessions. */
  public static final long DEFAULT_CACHE_BYTES = 1L << 30;

  /**
   * Folds, quantises and plans a model of the zoo.
   *
   * @param model the model as built by {@link jaguar.nn.ModelZoo} (with batch norms)
   * @param costs the unit costs jaguar-hybrid plans with (measured on this machine, or pinned by a
   *     config so that two runs agree); unused by the other engines
   */
  public static SecureModel of(Model model, Weights weights, InferenceConfig config, KernelCosts costs) {
    return of(model, weights, config, costs, DEFAULT_CACHE_BYTES);
  }

  /**
   * As {@link #of(Model, Weights, InferenceConfig, KernelCosts)}, keeping at most {@code
   * cacheBytes} of transformed filters prepared across sessions (the classifier's are always kept).
   */
  public static SecureModel of(Model model, Weights weights, InferenceConfig config, KernelCosts costs, long cacheBytes) {
    long t0 = System.nanoTime();
    BatchNormFolding.Folded folded = BatchNormFolding.fold(model, weights);
    FixedPointInference q = new FixedPointInference(folded.model(), folded.weights(), config.fixedPoint());
    NetworkPlan plan = NetworkPlan.plan(folded.model(), config, q::quantisedWeights, costs, cacheBytes);
    SecureModel m = new SecureModel(model.name(), model.input().height(), q, plan, costs, cacheBytes);
    m.loadSeconds = (System.nanoTime() - t0) / 1e9;
    return m;
  }

  /** The model's name in the zoo. */
  public String name() {
    return name;
  }

  /** The input resolution (height = width) the model was built at. */
  public int inputSize() {
    return inputSize;
  }

  public NetworkPlan plan() {
    return plan;
  }

  public InferenceConfig config() {
    return plan.config();
  }

  /** The unit costs the plan was made with. */
  public KernelCosts costs() {
    return costs;
  }

  /** The reference engine of the same weights and arithmetic (what verification compares with). */
  public FixedPointInference reference() {
    return quantised;
  }

  /** Seconds spent loading the model: folding, quantising, planning, preparing kernels (before any session). */
  public double loadSeconds() {
    return loadSeconds;
  }

  /** The budget of prepared kernels. */
  public long cacheBytes() {
    return cacheBytes;
  }

  /** The kernel of range r of a linear node: the prepared one, or one built now. */
  @SuppressWarnings("unchecked")
  <C> Kernel<C> kernel(LinearPlan lp, int range) {
    Kernel<?>[] k = prepared[lp.node()];
    if (k != null) {
      return (Kernel<C>) k[range];
    }
    return (Kernel<C>) Kernel.of(plan.config(), lp, range, quantised.quantisedWeights(lp.node()));
  }

  /** The quantised weights of a linear node (signed), as the reference engine holds them. */
  long[] weights(int node) {
    return quantised.quantisedWeights(node);
  }

  long[] biases(int node) {
    return quantised.quantisedBiases(node);
  }
}
