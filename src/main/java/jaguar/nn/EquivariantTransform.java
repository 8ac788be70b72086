package jaguar.nn;

import jaguar.math.Prg;
import java.util.Arrays;

/**
 * Equivariant "encryption" (EE; Buban et al., arXiv 2502.01013) of a batch-norm-folded model, as a
 * non-cryptographic reference: the key holder draws, per group of tensors that must share one, a
 * secret channel permutation P and positive per-channel scales D, and transforms the weights
 * offline, W' = D_out P_out W P_in^T D_in^-1 and b' = D_out P_out b, so that an untrusted party
 * running the ordinary float (or fixed-point) inference on W' computes D P y for every tensor y of
 * the original network. ReLU, max pooling, global average pooling and residual additions commute
 * with (P, D); ReLU6 commutes with P only, so its tensors keep D = 1; a depthwise convolution keeps
 * its input's permutation. Tensors that an addition joins, or an activation or pooling connects,
 * share one (P, D) ({@link #permutationGroup}).
 *
 * <p>Deployment (ours, as the plan has it): a grey image has one channel, so nothing hides
 * it at the input; the key holder computes the first convolution itself and sends its transformed
 * output ({@link #clientFirstLayer}); the untrusted party computes every later node on W' ({@link
 * FloatInference#runFrom}); the key holder un-transforms the logits ({@link #untransform}). The
 * first convolution's transformed weights are still made (a deployment that sends the image in
 * the clear could use them), which is what the bit-exact check of permutation-only keys runs
 * ({@code FixedPointInference} on W' equals the original's logits permuted).
 *
 * <p>What it hides and what not is measured, not argued: {@code jaguar.experiment.security}
 * recovers the permutations from W' when the original model is public, and the image from the
 * first transformed activations.
 */
public final class EquivariantTransform {
  private final Model model;
  private final Weights original;
  private final Weights transformed;
  private final int[] permGroup; // per node: its permutation's group
  private final int[] scaleGroup; // per node: its scales' group
  private final int[][] perm; // per permutation group: perm[c] = position of original channel c
  private final float[][] scale; // per scale group: scale of original channel c
  private final int first; // the first convolution (the key holder computes it)

  private EquivariantTransform(
      Model model, Weights original, int[] permGroup, int[] scaleGroup, int[][] perm, float[][] scale) {
    this.model = model;
    this.original = original;
    this.permGroup = permGroup;
    this.scaleGroup = scaleGroup;
    this.perm = perm;
    this.scale = scale;
    this.first = firstConvolution(model);
    this.transformed = transformWeights();
  }

  /**
   * A fresh key for a folded model: uniform permutations, and (with {@code scales}) scales
   * log-uniform in [1/4, 4] except where ReLU6 forbids them, from prg (the key holder's).
   *
   * @throws IllegalArgumentException if the model has batch norm left, a grouped convolution that
   *     is not depthwise, a fully connected layer on more than a 1 x 1 map, or an input not read
   *     by exactly one convolution
   */
  public static EquivariantTransform generate(Model folded, Weights weights, boolean scales, Prg prg) {
    int[] permGroup = groups(folded, true);
    int[] scaleGroup = groups(folded, false);
    boolean[] unit = unitScaleGroups(folded, scaleGroup);
    int[][] perm = new int[count(permGroup)][];
    float[][] scale = new float[count(scaleGroup)][];
    for (Node n : folded.nodes()) {
      int c = n.channels();
      int g = permGroup[n.id()];
      if (perm[g] == null) {
        perm[g] = n.id() == 0 ? identity(c) : shuffled(c, prg);
      }
      int h = scaleGroup[n.id()];
      if (scale[h] == null) {
        scale[h] = new float[c];
        for (int i = 0; i < c; i++) {
          // powers of two in [1/4, 4]: scaling a float by them is exact
          scale[h][i] = scales && !unit[h] ? (float) Math.scalb(1.0, prg.nextInt(5) - 2) : 1f;
        }
      }
    }
    return new EquivariantTransform(folded, weights, permGroup, scaleGroup, perm, scale);
  }

  private static int count(int[] group) {
    return Arrays.stream(group).max().orElse(0) + 1;
  }

  /**
   * The group of every node's permutation ({@code permutations}) or scales: a convolution or fully
   * connected layer starts one; activations and pooling share their input's; an addition joins its
   * two inputs; a depthwise convolution shares its input's permutation but has scales of its own.
   */
  static int[] groups(Model m, boolean permutations) {
    int count = m.nodes().size();
    int[] parent = new int[count];
    for (int i = 0; i < count; i++) {
      parent[i] = i;
    }
    for (Node n : m.nodes()) {
      Layer l = n.layer();
      if (l instanceof Layer.BatchNorm bn) {
        throw new IllegalArgumentException(m.name() + ": batch norm " + bn.name() + " is not folded; fold the model first");
      }
      if (l instanceof Layer.Conv c && c.groups() > 1 && !c.type().equals("depthwise")) {
        throw new IllegalArgumentException(m.name() + ": conv " + c.name() + " has " + c.groups()
            + " groups; the transform supports dense (1 group) and depthwise convolutions");
      }
      if (l instanceof Layer.Linear lin && m.node(n.input(0)).size() != m.node(n.input(0)).channels()) {
        throw new IllegalArgumentException(m.name() + ": fully connected " + lin.name()
            + " reads a map larger than 1 x 1; channels cannot be permuted through a flatten");
      }
      boolean depthwise = l instanceof Layer.Conv c && c.type().equals("depthwise");
      if (l instanceof Layer.Activation || l instanceof Layer.MaxPool || l instanceof Layer.GlobalAvgPool
          || depthwise && permutations) {
        union(parent, n.id(), n.input(0));
      } else if (l instanceof Layer.Add) {
        union(parent, n.id(), n.input(0));
        union(parent, n.id(), n.input(1));
      }
    }
    int[] id = new int[count];
    Arrays.fill(id, -1);
    int[] out = new int[count];
    int next = 0;
    for (int i = 0; i < count; i++) {
      int r = find(parent, i);
      if (id[r] < 0) {
        id[r] = next++;
      }
      out[i] = id[r];
    }
    return out;
  }

  private static boolean[] unitScaleGroups(Model m, int[] group) {
    boolean[] unit = new boolean[count(group)];
    unit[group[0]] = true; // the image
    for (Node n : m.nodes()) {
      if (n.layer() instanceof Layer.Activation a && a.kind() == Layer.ActivationKind.RELU6) {
        unit[group[n.id()]] = true;
      }
    }
    return unit;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    parent[find(parent, a)] = find(parent, b);
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private static int[] shuffled(int n, Prg prg) {
    int[] p = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = prg.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int firstConvolution(Model m) {
    int found = -1;
    for (Node n : m.nodes()) {
      for (int in : n.inputs()) {
        if (in == 0) {
          if (found >= 0 || !(n.layer() instanceof Layer.Conv)) {
            throw new IllegalArgumentException(m.name() + ": the image must be read by one convolution alone");
          }
          found = n.id();
        }
      }
    }
    return found;
  }

  public Model model() {
    return model;
  }

  /** The weights the untrusted party runs. */
  public Weights transformedWeights() {
    return transformed;
  }

  /** The node the key holder computes (the first convolution); the untrusted party computes every later one. */
  public int firstNode() {
    return first;
  }

  /** The group of a node's permutation ({@link #groups}): nodes of one group share it. */
  public int permutationGroup(int node) {
    return permGroup[node];
  }

  /** The permutation of a node's tensor: original channel c sits at position perm[c] (a copy). */
  public int[] permutation(int node) {
    return perm[permGroup[node]].clone();
  }

  /** The scales of a node's tensor, per original channel (a copy). */
  public float[] scales(int node) {
    return scale[scaleGroup[node]].clone();
  }

  /** D P x for a tensor x of node's shape (channels x H x W). */
  public float[] transform(int node, float[] x) {
    return map(node, x, false);
  }

  /** x from D P x (the inverse of {@link #transform}). */
  public float[] untransform(int node, float[] t) {
    return map(node, t, true);
  }

  private float[] map(int node, float[] v, boolean inverse) {
    Node n = model.node(node);
    int hw = n.height() * n.width();
    int[] p = perm[permGroup[node]];
    float[] s = scale[scaleGroup[node]];
    float[] out = new float[v.length];
    for (int c = 0; c < n.channels(); c++) {
      for (int i = 0; i < hw; i++) {
        if (inverse) {
          out[c * hw + i] = v[p[c] * hw + i] / s[c];
        } else {
          out[p[c] * hw + i] = s[c] * v[c * hw + i];
        }
      }
    }
    return out;
  }

  /** The key holder's part: the first convolution on the image with the original weights, transformed. */
  public float[] clientFirstLayer(float[] image) {
    return transform(first, new FloatInference(model, original).runUpTo(image, first));
  }

  /** The whole EE inference: the key holder's first layer, the untrusted party's rest on W', the logits un-transformed. */
  public float[] run(float[] image) {
    float[] sent = clientFirstLayer(image);
    float[] logits = new FloatInference(model, transformed).runFrom(first, sent);
    return untransform(model.output().id(), logits);
  }

  private Weights transformWeights() {
    Weights out = original.copy();
    for (Node n : model.nodes()) {
      Layer l = n.layer();
      if (l instanceof Layer.Conv c) {
        transformConv(n, c, out);
      } else if (l instanceof Layer.Linear lin) {
        transformLinear(n, lin, out);
      }
    }
    return out;
  }

  private void transformConv(Node n, Layer.Conv c, Weights out) {
    int in = n.input(0);
    int[] po = perm[permGroup[n.id()]];
    float[] so = scale[scaleGroup[n.id()]];
    int[] pi = perm[permGroup[in]];
    float[] si = scale[scaleGroup[in]];
    float[] w = original.data(c.name() + ".weight");
    float[] w2 = new float[w.length];
    int kk = c.k() * c.k();
    int per = c.in() / c.groups(); // input channels per filter
    for (int o = 0; o < c.out(); o++) {
      for (int i = 0; i < per; i++) {
        int src = (o * per + i) * kk;
        // depthwise: filter o reads channel o, which the permutation moves with it
        int dst = per == 1 && c.groups() > 1 ? po[o] * kk : (po[o] * per + pi[i]) * kk;
        float f = so[o] / (c.groups() > 1 ? si[o] : si[i]);
        for (int t = 0; t < kk; t++) {
          w2[dst + t] = f * w[src + t];
        }
      }
    }
    out.put(c.name() + ".weight", new Tensor(c.weightShape(), w2));
    if (c.bias()) {
      out.put(c.name() + ".bias", new Tensor(new int[] {c.out()}, permutedBias(original.data(c.name() + ".bias"), po, so)));
    }
  }

  private void transformLinear(Node n, Layer.Linear l, Weights out) {
    int in = n.input(0);
    int[] po = perm[permGroup[n.id()]];
    float[] so = scale[scaleGroup[n.id()]];
    int[] pi = perm[permGroup[in]];
    float[] si = scale[scaleGroup[in]];
    float[] w = original.data(l.name() + ".weight");
    float[] w2 = new float[w.length];
    for (int o = 0; o < l.out(); o++) {
      for (int i = 0; i < l.in(); i++) {
        w2[po[o] * l.in() + pi[i]] = so[o] / si[i] * w[o * l.in() + i];
      }
    }
    out.put(l.name() + ".weight", new Tensor(new int[] {l.out(), l.in()}, w2));
    out.put(l.name() + ".bias", new Tensor(new int[] {l.out()}, permutedBias(original.data(l.name() + ".bias"), po, so)));
  }

  private static float[] permutedBias(float[] b, int[] p, float[] s) {
    float[] out = new float[b.length];
    for (int o = 0; o < b.length; o++) {
      out[p[o]] = s[o] * b[o];
    }
    return out;
  }

  /** Secret permutation groups (the image's excluded) and the log2 of their number of permutations. */
  public String describe() {
    double bits = 0;
    for (int g = 0; g < perm.length; g++) {
      if (g != permGroup[0]) {
        for (int i = 2; i <= perm[g].length; i++) {
          bits += Math.log(i) / Math.log(2);
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "%d secret permutations (log2 of their number: %.0f), %d scale groups",
        perm.length - 1, bits, scale.length);
  }
}
