package jaguar.protocol;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.JaguarPlanner;
import jaguar.conv.KernelCosts;
import jaguar.conv.Layout;
import jaguar.conv.MatVecPlan;
import jaguar.conv.StrideForm;
import jaguar.he.ParameterException;
import jaguar.he.pow2.Pow2Wire;
import jaguar.he.rns.RnsWire;
import jaguar.nn.FixedPointInference;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The public plan of a whole secure inference: for each node of a batch-norm-folded model, the
 * ring its output shares live in, whether they are known to be non-negative, and for each layer
 * that runs under HE its {@link LinearPlan}. The server makes it once per model ({@link #plan});
 * the client rebuilds it from the lines the server sends ({@link #decode}), so it packs by the
 * server's choices and never re-derives them (jaguar-hybrid's choice depends on measured costs).
 *
 * <p>Rings (the function of {@link FixedPointInference}): Cheetah holds every value in
 * Z_{2^ell}. Jaguar holds a layer's output in Z_{2^(T-f)} (narrow) unless a linear layer
 * (convolution, classifier, average pooling) reads it, in which case the step that makes it also
 * extends it to Z_{2^T} (wide): fused with the ReLU or ReLU6 where one follows, by the zero-MSB
 * extension after max-pooling non-negative values, by the signed extension otherwise. A narrow
 * reader of a wide value reduces it locally (a ring homomorphism).
 */
public final class NetworkPlan {
  private final Model model;
  private final InferenceConfig config;
  private final FixedPointInference.Fusion fusion;
  private final LinearPlan[] linear;
  private final int[] bits;
  private final boolean[] nonNegative;
  private final String[] reasons;
  private final boolean[] cached;

  private NetworkPlan(Model model, InferenceConfig config, LinearPlan[] linear, String[] reasons, boolean[] cached) {
    this.cached = cached;
    this.model = model;
    this.config = config;
    this.fusion = FixedPointInference.Fusion.of(model);
    this.linear = linear;
    this.reasons = reasons;
    int count = model.nodes().size();
    bits = new int[count];
    nonNegative = new boolean[count];
    for (Node n : model.nodes()) {
      int id = n.id();
      if (id > 0 && fusion.fusedAway(id)) {
        bits[id] = bits[n.input(0)];
        nonNegative[id] = true;
        continue;
      }
      bits[id] = config.protocol() == Protocol.CHEETAH ? config.ringBits()
          : readByLinear(id) ? config.ringBits() : config.outputBits();
      Layer l = n.layer();
      nonNegative[id] = l instanceof Layer.Activation
          || (l instanceof Layer.Conv || l instanceof Layer.Linear) && fusion.activation(id) != null
          || l instanceof Layer.MaxPool && nonNegative[n.input(0)];
    }
  }

  /** Whether a convolution, classifier or average pooling reads node id's value (through a fused activation). */
  private boolean readByLinear(int id) {
    for (Node r : model.nodes()) {
      for (int in : r.inputs()) {
        if (in != id) {
          continue;
        }
        if (fusion.fusedAway(r.id())) {
          if (readByLinear(r.id())) {
            return true;
          }
        } else if (r.layer() instanceof Layer.Conv || r.layer() instanceof Layer.Linear
            || r.layer() instanceof Layer.GlobalAvgPool) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The server's plan: every convolution through the config's engine, the classifier and Jaguar's
   * average pooling. The NTT kernels' transformed filters are input-independent but large (a whole
   * ResNet-50's take several GiB), so the server keeps those of some layers prepared from one
   * session to the next, within {@code cacheBytes} ({@link #cached}), and transforms the others'
   * online. jaguar-hybrid chooses per layer with {@code costs} and the layer's weight density,
   * counting the filter transforms where they are online; the cache goes to the layers where it
   * saves the most time per byte.
   *
   * @param weights the quantised weights of a linear node (for the hybrid's density)
   */
  public static NetworkPlan plan(
      Model folded, InferenceConfig config, IntFunction<long[]> weights, KernelCosts costs, long cacheBytes) {
    int count = folded.nodes().size();
    LinearPlan[] linear = new LinearPlan[count];
    String[] reasons = new String[count];
    boolean[] cached = new boolean[count];
    ConvPlan[] online = new ConvPlan[count];
    String[] onlineReasons = new String[count];
    double[] benefit = new double[count];
    long[] bytes = new long[count];
    List<Integer> candidates = new ArrayList<>();
    for (Node n : folded.nodes()) {
      int id = n.id();
      LinearPlan.Rhombus rh = rhombus(folded, config, n);
      if (rh != null) {
        linear[id] = rh;
        reasons[id] = rh.layer().toString();
      } else if (n.layer() instanceof Layer.Conv c) {
        ConvShape shape = shape(folded, n, c);
        ConvPlan p;
        if (config.conv() == ConvProtocol.JAGUAR_HYBRID) {
          double d = density(weights.apply(id));
          JaguarPlanner.Choice off = JaguarPlanner.choose(shape, config.pow2().degree(), Layout.AUTO, StrideForm.AUTO, costs, d, false);
          JaguarPlanner.Choice on = JaguarPlanner.choose(shape, config.pow2().degree(), Layout.AUTO, StrideForm.AUTO, costs, d, true);
          p = off.plan();
          reasons[id] = off.reason() + " [filters prepared at model load]";
          online[id] = on.plan();
          onlineReasons[id] = on.reason();
          benefit[id] = best(on) - best(off);
        } else {
          p = ConvPlan.of(shape, config.protocol() == Protocol.JAGUAR ? config.pow2().degree() : config.rns().degree(), config.conv(), Layout.AUTO);
          reasons[id] = p.explain().lines().findFirst().orElse("");
          online[id] = p;
          onlineReasons[id] = reasons[id];
          benefit[id] = 1;
        }
        linear[id] = LinearPlan.Conv.of(id, p, LinearPlan.Conv.channelsPerRange(p, p.protocol().powerOfTwo() ? 1 : 2));
        bytes[id] = filterBytes(p);
        if (bytes[id] > 0 && benefit[id] > 0) {
          candidates.add(id);
        }
      } else if (n.layer() instanceof Layer.Linear l) {
        boolean rns = config.fc() == FcBackend.CHEETAH;
        MatVecPlan p = rns
            ? MatVecPlan.of(l.in(), l.out(), config.rns().degree(), new RnsWire(config.rns()).seededBytes(),
                v -> Boundaries.cheetah(config).groupBytes(v))
            : MatVecPlan.of(l.in(), l.out(), config.pow2().degree(), new Pow2Wire(config.pow2()).seededBytes(),
                v -> Boundaries.jaguar(config).groupBytes(v));
        linear[id] = LinearPlan.MatVec.of(id, rns, p);
        reasons[id] = p.toString();
      } else if (n.layer() instanceof Layer.GlobalAvgPool && config.protocol() == Protocol.JAGUAR) {
        linear[id] = LinearPlan.Dense.of(id, n.size(), config.pow2().degree());
        reasons[id] = "each party sums its share; truncation under HE";
      }
    }
    // the cache to the layers that save the most per byte (ties: node order)
    candidates.sort((a, b) -> Double.compare(benefit[b] / bytes[b], benefit[a] / bytes[a]));
    long left = cacheBytes;
    for (int id : candidates) {
      if (bytes[id] <= left) {
        left -= bytes[id];
        cached[id] = true;
      }
    }
    for (int id = 0; id < count; id++) {
      if (linear[id] instanceof LinearPlan.Conv c && !cached[id] && online[id] != c.plan()) {
        ConvPlan p = online[id];
        linear[id] = LinearPlan.Conv.of(id, p, LinearPlan.Conv.channelsPerRange(p, p.protocol().powerOfTwo() ? 1 : 2));
        reasons[id] = onlineReasons[id] + " [filters transformed online]";
      }
    }
    return new NetworkPlan(folded, config, linear, reasons, cached);
  }

  /**
   * The Rhombus plan of a node under pointwise rhombus: a 1 x 1 convolution with pad 0 and groups
   * 1, or the classifier (a 1 x 1 convolution of a 1 x 1 input); null otherwise.
   */
  static LinearPlan.Rhombus rhombus(Model folded, InferenceConfig config, Node n) {
    if (config.pointwise() != Pointwise.RHOMBUS) {
      return null;
    }
    ConvShape shape;
    if (n.layer() instanceof Layer.Conv c && c.k() == 1 && c.pad() == 0 && c.groups() == 1) {
      shape = shape(folded, n, c);
    } else if (n.layer() instanceof Layer.Linear l) {
      shape = new ConvShape(1, 1, l.in(), l.out(), 1, 1, 0, 1);
    } else {
      return null;
    }
    jaguar.he.rns.RnsKeySwitch ctx = config.rhombus();
    return new LinearPlan.Rhombus(n.id(), new jaguar.conv.RhombusPointwise(ctx, shape), ctx.params().degree());
  }

  /** The Rhombus layers, in node order (both parties derive the setup keys from them). */
  public List<jaguar.conv.RhombusPointwise> rhombusLayers() {
    List<jaguar.conv.RhombusPointwise> out = new ArrayList<>();
    for (LinearPlan p : linear) {
      if (p instanceof LinearPlan.Rhombus r) {
        out.add(r.layer());
      }
    }
    return out;
  }

  private static double best(JaguarPlanner.Choice c) {
    return Math.min(c.spaMs(), Math.min(c.nttMs(), c.mixedMs()));
  }

  /**
   * Bytes of an NTT kernel's transformed filters for the whole layer (0 for the other kernels;
   * cheetah-ntt stores none for its monomial filters).
   */
  static long filterBytes(ConvPlan p) {
    if (p.protocol() == ConvProtocol.CHEETAH_NTT) {
      return (p.products() - p.monomialProducts()) / p.tiles() * 2L * p.degree() * Long.BYTES;
    }
    return p.protocol() == ConvProtocol.JAGUAR_NTT ? p.products() / p.tiles() * 2L * p.degree() * Long.BYTES : 0;
  }

  private static double density(long[] w) {
    long nz = 0;
    for (long v : w) {
      nz += v != 0 ? 1 : 0;
    }
    return Math.max(1e-3, nz / (double) Math.max(1, w.length));
  }

  static ConvShape shape(Model model, Node n, Layer.Conv c) {
    Node in = model.node(n.input(0));
    return new ConvShape(in.height(), in.width(), c.in(), c.out(), c.k(), c.stride(), c.pad(), c.groups());
  }

  /** One line per planned layer, in node order: what the server sends. */
  public List<String> encode() {
    List<String> lines = new ArrayList<>();
    for (LinearPlan p : linear) {
      if (p != null) {
        lines.add(p.encode());
      }
    }
    return lines;
  }

  /**
   * The client's copy of the server's plan, from its lines; every number is checked against the
   * layer it plans and the config before anything is sized by it.
   *
   * @throws ParameterException naming the node, the field, its value and what is valid
   */
  public static NetworkPlan decode(Model folded, InferenceConfig config, List<String> lines) {
    LinearPlan[] linear = new LinearPlan[folded.nodes().size()];
    int next = 0;
    for (Node n : folded.nodes()) {
      int id = n.id();
      boolean wanted = n.layer() instanceof Layer.Conv || n.layer() instanceof Layer.Linear
          || n.layer() instanceof Layer.GlobalAvgPool && config.protocol() == Protocol.JAGUAR;
      if (!wanted) {
        continue;
      }
      if (next >= lines.size()) {
        throw new ParameterException("plan: no plan for node " + id + " (" + n.layer() + "); the server sent " + lines.size() + " lines");
      }
      String line = lines.get(next++);
      Map<String, String> f = LinearPlan.fields(line);
      String where = "plan node " + id;
      if (integer(f, "node", where) != id) {
        throw ParameterException.of(where + " node", f.get("node"), Integer.toString(id) + " (plans come in node order)");
      }
      LinearPlan.Rhombus rh = rhombus(folded, config, n);
      if (rh != null) {
        expectKind(line, "rhombus", where);
        String who = need(f, "encryptor", where);
        String rule = LinearPlan.Rhombus.encryptorLabel(rh.layer().encryptor());
        if (!who.equals(rule)) {
          throw ParameterException.of(where + " encryptor", who, rule + " (the who-encrypts rule for " + rh.layer().shape() + ")");
        }
        String primes = need(f, "return_primes", where);
        String level = Integer.toString(rh.layer().outputParams().limbs());
        if (!primes.equals(level)) {
          throw ParameterException.of(where + " return_primes", primes, level + " (the return level of " + rh.layer().outputParams() + ")");
        }
        linear[id] = rh;
      } else if (n.layer() instanceof Layer.Conv c) {
        expectKind(line, "conv", where);
        ConvProtocol kernel;
        try {
          kernel = ConvProtocol.parse(need(f, "kernel", where));
        } catch (IllegalArgumentException e) {
          throw ParameterException.of(where + " kernel", f.get("kernel"), "jaguar, jaguar-ntt, cheetah, cheetah-ntt");
        }
        boolean allowed = config.conv() == ConvProtocol.JAGUAR_HYBRID
            ? kernel == ConvProtocol.JAGUAR || kernel == ConvProtocol.JAGUAR_NTT
            : kernel == config.conv();
        if (!allowed) {
          throw ParameterException.of(where + " kernel", kernel.label(), "a kernel of conv engine " + config.conv().label());
        }
        String form = need(f, "form", where);
        if (!form.equals("direct") && !form.equals("polyphase")) {
          throw ParameterException.of(where + " form", form, "direct, polyphase");
        }
        String spa = need(f, "spa_c0", where);
        if (!spa.equals("true") && !spa.equals("false")) {
          throw ParameterException.of(where + " spa_c0", spa, "true, false");
        }
        ConvPlan p;
        try {
          p = ConvPlan.agreed(shape(folded, n, c), kernel.powerOfTwo() ? config.pow2().degree() : config.rns().degree(), kernel, form.equals("polyphase"),
              integer(f, "cw", where), integer(f, "hw", where), integer(f, "ww", where), spa.equals("true"));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(where + ": " + e.getMessage());
        }
        linear[id] = LinearPlan.Conv.of(id, p, integer(f, "range", where));
      } else if (n.layer() instanceof Layer.Linear l) {
        expectKind(line, "fc", where);
        String scheme = need(f, "scheme", where);
        String want = config.fc() == FcBackend.CHEETAH ? "rns" : "pow2";
        if (!scheme.equals(want)) {
          throw ParameterException.of(where + " scheme", scheme, want + " (fc " + config.fc().label() + ")");
        }
        int n0 = scheme.equals("rns") ? config.rns().degree() : config.pow2().degree();
        MatVecPlan p;
        try {
          p = MatVecPlan.agreed(l.in(), l.out(), n0, integer(f, "ni", where), integer(f, "no", where));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(where + ": " + e.getMessage());
        }
        linear[id] = LinearPlan.MatVec.of(id, scheme.equals("rns"), p);
      } else {
        expectKind(line, "dense", where);
        int values = integer(f, "values", where);
        if (values != n.size()) {
          throw ParameterException.of(where + " values", values, Integer.toString(n.size()));
        }
        linear[id] = LinearPlan.Dense.of(id, values, config.pow2().degree());
      }
    }
    if (next != lines.size()) {
      throw new ParameterException("plan: the server sent " + lines.size() + " lines, the model has " + next + " planned layers");
    }
    return new NetworkPlan(folded, config, linear, new String[linear.length], new boolean[linear.length]);
  }

  private static void expectKind(String line, String kind, String where) {
    if (!line.startsWith(kind + " ")) {
      throw new ParameterException(where + ": expected a '" + kind + "' plan, got '" + line + "'");
    }
  }

  private static String need(Map<String, String> f, String key, String where) {
    String v = f.get(key);
    if (v == null) {
      throw ParameterException.of(where + " " + key, "(missing)", "a value");
    }
    return v;
  }

  private static int integer(Map<String, String> f, String key, String where) {
    String v = need(f, key, where);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ParameterException.of(where + " " + key, v, "an integer");
    }
  }

  public Model model() {
    return model;
  }

  public InferenceConfig config() {
    return config;
  }

  public FixedPointInference.Fusion fusion() {
    return fusion;
  }

  /** The HE plan of a node, or null if it does not run under HE. */
  public LinearPlan linear(int node) {
    return linear[node];
  }

  /** Every HE plan, in node order. */
  public List<LinearPlan> linearPlans() {
    List<LinearPlan> out = new ArrayList<>();
    for (LinearPlan p : linear) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** Ring bits of a node's output shares. */
  public int bits(int node) {
    return bits[node];
  }

  /** Whether a node's value is known to be non-negative (an activation's output, max-pooled or not). */
  public boolean nonNegative(int node) {
    return nonNegative[node];
  }

  /** Whether the server keeps this layer's kernel (its transformed filters) prepared across sessions. */
  public boolean cached(int node) {
    return cached[node];
  }

  /** Why the server chose a layer's plan (server side; null on the client). */
  public String reason(int node) {
    return reasons[node];
  }

  /** The steps a run reports: every node but the input and the activations fused into a linear layer. */
  public int steps() {
    int n = 0;
    for (int id = 1; id < model.nodes().size(); id++) {
      n += fusion.fusedAway(id) ? 0 : 1;
    }
    return n;
  }

  /** Power-of-two output ciphertexts with exported values: the encryptions of zero a run uses. */
  public int pow2ExportedCiphertexts() {
    int n = 0;
    for (LinearPlan p : linear) {
      if (p != null && !p.rns()) {
        n += p.exportedCiphertexts();
      }
    }
    return n;
  }

}
