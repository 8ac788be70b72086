package jaguar.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CNN as a graph of {@link Node}s in topological order: node 0 is the input image (channels x
 * height x width), every other node reads earlier nodes, and the last node is the output (the
 * logits). Immutable; build one with {@link Builder}.
 */
public final class Model {
  private final String name;
  private final List<Node> nodes;

  private Model(String name, List<Node> nodes) {
    this.name = name;
    this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
  }

  public String name() {
    return name;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public Node node(int id) {
    return nodes.get(id);
  }

  public Node input() {
    return nodes.get(0);
  }

  public Node output() {
    return nodes.get(nodes.size() - 1);
  }

  /** Number of classes (elements of the output). */
  public int classes() {
    return output().size();
  }

  /** Every tensor the model reads from a state dict, in torchvision order. */
  public List<ParameterSpec> parameterSpecs() {
    List<ParameterSpec> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n.layer() instanceof Layer.Conv c) {
        out.add(new ParameterSpec(c.name() + ".weight", c.weightShape(), true));
        if (c.bias()) {
          out.add(new ParameterSpec(c.name() + ".bias", new int[] {c.out()}, true));
        }
      } else if (n.layer() instanceof Layer.Linear l) {
        out.add(new ParameterSpec(l.name() + ".weight", new int[] {l.out(), l.in()}, true));
        out.add(new ParameterSpec(l.name() + ".bias", new int[] {l.out()}, true));
      } else if (n.layer() instanceof Layer.BatchNorm b) {
        int[] s = {b.channels()};
        out.add(new ParameterSpec(b.name() + ".weight", s, true));
        out.add(new ParameterSpec(b.name() + ".bias", s, true));
        out.add(new ParameterSpec(b.name() + ".running_mean", s, false));
        out.add(new ParameterSpec(b.name() + ".running_var", s, false));
      }
    }
    return out;
  }

  /**
   * Learned parameters, counted as torchvision counts them (BN weight and bias included); a cross
   * kernel's structurally zero taps ({@link Layer.Conv#isTap}) are stored but not counted.
   */
  public long parameterCount() {
    long n = 0;
    for (Node node : nodes) {
      n += ModelSummary.parameters(node.layer());
    }
    return n;
  }

  /** Multiply-accumulates of one inference: convolutions and fully connected layers. */
  public long macs() {
    long n = 0;
    for (Node node : nodes) {
      n += macs(node);
    }
    return n;
  }

  /** Multiply-accumulates of one node (0 for layers without products; a cross kernel's live taps only). */
  public long macs(Node node) {
    if (node.layer() instanceof Layer.Conv c) {
      return (long) node.size() * (c.in() / c.groups()) * c.taps();
    }
    if (node.layer() instanceof Layer.Linear l) {
      return (long) l.in() * l.out();
    }
    return 0;
  }

  /** For each node, the id of the last node reading it (itself if none; the output lives on). */
  public int[] lastUse() {
    int[] last = new int[nodes.size()];
    for (int i = 0; i < last.length; i++) {
      last[i] = i;
    }
    for (Node n : nodes) {
      for (int in : n.inputs()) {
        last[in] = Math.max(last[in], n.id());
      }
    }
    last[last.length - 1] = Integer.MAX_VALUE;
    return last;
  }

  /**
   * A SHA-256 of the architecture (every node's layer, inputs and output shape, in order; never
   * weights), hex: what two parties compare before a secure inference.
   */
  public String architectureHash() {
    StringBuilder b = new StringBuilder(name).append('\n');
    for (Node n : nodes) {
      b.append(n.id()).append(' ').append(n.layer()).append(' ').append(java.util.Arrays.toString(n.inputs()))
          .append(' ').append(n.channels()).append('x').append(n.height()).append('x').append(n.width()).append('\n');
    }
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Builds a model node by node; each method returns the new node's id. */
  public static final class Builder {
    private final String name;
    private final List<Node> nodes = new ArrayList<>();

    public Builder(String name, int channels, int height, int width) {
      this.name = name;
      nodes.add(new Node(0, null, new int[0], channels, height, width));
    }

    private int add(Layer layer, int[] inputs, int c, int h, int w) {
      for (int in : inputs) {
        if (in < 0 || in >= nodes.size()) {
          throw new IllegalArgumentException(name + ": " + layer + " reads unknown node " + in);
        }
      }
      if (h < 1 || w < 1) {
        throw new IllegalArgumentException(name + ": " + layer + " gives an empty output " + h + "x" + w);
      }
      nodes.add(new Node(nodes.size(), layer, inputs, c, h, w));
      return nodes.size() - 1;
    }

    public Node node(int id) {
      return nodes.get(id);
    }

    public int conv(int x, String name, int out, int k, int stride, int pad, int groups, boolean bias) {
      return conv(x, new Layer.Conv(name, nodes.get(x).channels(), out, k, stride, pad, groups, bias));
    }

    /** A cross-kernel convolution ({@link Layer.Conv#cross}): only the centre row and column of each k x k filter. */
    public int crossConv(int x, String name, int out, int k, int stride, int pad, int groups, boolean bias) {
      return conv(x, new Layer.Conv(name, nodes.get(x).channels(), out, k, stride, pad, groups, bias, true));
    }

    private int conv(int x, Layer.Conv c) {
      Node in = nodes.get(x);
      return add(c, new int[] {x}, c.out(), (in.height() + 2 * c.pad() - c.k()) / c.stride() + 1,
          (in.width() + 2 * c.pad() - c.k()) / c.stride() + 1);
    }

    public int conv(int x, String name, int out, int k, int stride, int pad) {
      return conv(x, name, out, k, stride, pad, 1, false);
    }

    public int batchNorm(int x, String name) {
      Node in = nodes.get(x);
      return add(new Layer.BatchNorm(name, in.channels()), new int[] {x}, in.channels(), in.height(),
          in.width());
    }

    public int relu(int x) {
      return activation(x, Layer.ActivationKind.RELU);
    }

    public int relu6(int x) {
      return activation(x, Layer.ActivationKind.RELU6);
    }

    public int activation(int x, Layer.ActivationKind kind) {
      Node in = nodes.get(x);
      return add(new Layer.Activation(kind), new int[] {x}, in.channels(), in.height(), in.width());
    }

    public int add(int a, int b) {
      Node na = nodes.get(a);
      Node nb = nodes.get(b);
      if (na.channels() != nb.channels() || na.height() != nb.height() || na.width() != nb.width()) {
        throw new IllegalArgumentException(name + ": cannot add " + na + " and " + nb);
      }
      return add(new Layer.Add(), new int[] {a, b}, na.channels(), na.height(), na.width());
    }

    public int maxPool(int x, int k, int stride, int pad) {
      Node in = nodes.get(x);
      return add(new Layer.MaxPool(k, stride, pad), new int[] {x}, in.channels(),
          (in.height() + 2 * pad - k) / stride + 1, (in.width() + 2 * pad - k) / stride + 1);
    }

    public int globalAvgPool(int x) {
      return add(new Layer.GlobalAvgPool(), new int[] {x}, nodes.get(x).channels(), 1, 1);
    }

    /** A fully connected layer on the flattened input. */
    public int linear(int x, String name, int out) {
      Node in = nodes.get(x);
      return add(new Layer.Linear(name, in.size(), out), new int[] {x}, out, 1, 1);
    }

    /** Adds a node with a given layer and inputs (used by graph rewrites such as BN folding). */
    public int layer(Layer layer, int[] inputs, int c, int h, int w) {
      return add(layer, inputs, c, h, w);
    }

    public Model build() {
      return new Model(name, nodes);
    }
  }
}
