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
 * Immutable; sessions share it.
 */
public final class SecureModel {
  private final String name;
  private final int inputSize;
  private final FixedPointInference quantised;
  private final NetworkPlan plan;
  private final KernelCosts costs;

  private SecureModel(String name, int inputSize, FixedPointInference quantised, NetworkPlan plan, KernelCosts costs) {
    this.name = name;
    this.inputSize = inputSize;
    this.quantised = quantised;
    this.plan = plan;
    this.costs = costs;
  }

  /**
   * Folds, quantises and plans a model of the zoo.
   *
   * @param model the model as built by {@link jaguar.nn.ModelZoo} (with batch norms)
   * @param costs the unit costs jaguar-hybrid plans with (measured on this machine, or pinned by a
   *     config so that two runs agree); unused by the other engines
   */
  public static SecureModel of(Model model, Weights weights, InferenceConfig config, KernelCosts costs) {
    BatchNormFolding.Folded folded = BatchNormFolding.fold(model, weights);
    FixedPointInference q = new FixedPointInference(folded.model(), folded.weights(), config.fixedPoint());
    NetworkPlan plan = NetworkPlan.plan(folded.model(), config, q::quantisedWeights, costs);
    return new SecureModel(model.name(), model.input().height(), q, plan, costs);
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

  long[] weights(int node) {
    return quantised.quantisedWeights(node);
  }

  long[] biases(int node) {
    return quantised.quantisedBiases(node);
  }
}
