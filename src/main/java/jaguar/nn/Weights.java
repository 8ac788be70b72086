package jaguar.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tensors of one model by torchvision state-dict name ({@code conv1.weight}, {@code
 * bn1.running_var}, ...), checked against the model's {@link ParameterSpec}s when created with
 * {@link #forModel}: every missing, extra or mis-shaped tensor is reported by name.
 */
public final class Weights {
  private final Map<String, Tensor> tensors;

  private Weights(Map<String, Tensor> tensors) {
    this.tensors = tensors;
  }

  /** An unchecked, mutable collection (for building). */
  public static Weights empty() {
    return new Weights(new LinkedHashMap<>());
  }

  /**
   * The tensors of {@code model} taken from {@code source}, checked: fails with one message that
   * lists every missing tensor, every extra one and every shape mismatch (expected vs actual).
   * Buffers PyTorch adds that the model does not need ({@code *.num_batches_tracked}) are ignored.
   *
   * @param origin where the tensors came from (a file name), for the message
   */
  public static Weights forModel(Model model, Map<String, Tensor> source, String origin) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    TreeSet<String> extra = new TreeSet<>(source.keySet());
    for (ParameterSpec p : model.parameterSpecs()) {
      extra.remove(p.name());
      Tensor t = source.get(p.name());
      if (t == null) {
        problems.add("missing tensor '" + p.name() + "' (expected shape " + Tensor.show(p.shape()) + ")");
      } else if (!t.hasShape(p.shape())) {
        problems.add("tensor '" + p.name() + "' has shape " + Tensor.show(t.shape()) + ", expected "
            + Tensor.show(p.shape()));
      } else {
        out.put(p.name(), t);
      }
    }
    for (Node n : model.nodes()) {
      if (n.layer() instanceof Layer.Conv c && c.cross() && out.containsKey(c.name() + ".weight")) {
        String bad = offCrossTap(c, out.get(c.name() + ".weight").data());
        if (bad != null) {
          problems.add(bad);
        }
      }
    }
    extra.removeIf(n -> n.endsWith(".num_batches_tracked")
        && source.containsKey(n.substring(0, n.length() - ".num_batches_tracked".length()) + ".running_var"));
    for (String e : extra) {
      problems.add("extra tensor '" + e + "' " + Tensor.show(source.get(e).shape())
          + " is not a parameter of " + model.name());
    }
    if (!problems.isEmpty()) {
      int shown = Math.min(problems.size(), 20);
      throw new IllegalArgumentException(
          origin + ": does not match model " + model.name() + ": " + problems.size() + " problem(s): "
              + String.join("; ", problems.subList(0, shown))
              + (shown < problems.size() ? "; ... (" + (problems.size() - shown) + " more)" : ""));
    }
    return new Weights(out);
  }

  /** The first nonzero off-cross tap of a cross layer's weights, as a message, or null if there is none. */
  static String offCrossTap(Layer.Conv c, float[] w) {
    int k = c.k();
    int per = c.in() / c.groups();
    for (int o = 0; o < c.out(); o++) {
      for (int i = 0; i < per; i++) {
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            float v = w[((o * per + i) * k + ky) * k + kx];
            if (v != 0f && !c.isTap(ky, kx)) {
              return "tensor '" + c.name() + ".weight' of a cross-kernel layer has " + v + " at [" + o + "," + i + ","
                  + ky + "," + kx + "], off the centre row and column; valid: 0 there";
            }
          }
        }
      }
    }
    return null;
  }

  /** Sets every off-cross tap of a cross layer's weights ([out][in/groups][k][k]) to 0. */
  public static void zeroOffCross(Layer.Conv c, float[] w) {
    if (!c.cross()) {
      return;
    }
    int k = c.k();
    for (int f = 0; f < w.length / (k * k); f++) {
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          if (!c.isTap(ky, kx)) {
            w[(f * k + ky) * k + kx] = 0f;
          }
        }
      }
    }
  }

  public Weights put(String name, Tensor t) {
    tensors.put(name, t);
    return this;
  }

  /** The tensor called {@code name}; fails naming it if absent. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "'");
    }
    return t;
  }

  public float[] data(String name) {
    return get(name).data();
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /** A deep copy. */
  public Weights copy() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    tensors.forEach((k, v) -> m.put(k, v.copy()));
    return new Weights(m);
  }
}
