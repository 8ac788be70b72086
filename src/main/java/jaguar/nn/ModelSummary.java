package jaguar.nn;

import java.util.Locale;

/** A per-layer table of a model: output shape, parameters and multiply-accumulates, with totals. */
public final class ModelSummary {
  private ModelSummary() {}

  /** Describes one layer in a short form, e.g. {@code conv 3x3/2 p1 g1}. */
  public static String describe(Layer layer) {
    if (layer == null) {
      return "input";
    }
    if (layer instanceof Layer.Conv c) {
      return String.format(Locale.ROOT, "conv %dx%d/%d p%d%s %s%s", c.k(), c.k(), c.stride(), c.pad(),
          c.groups() > 1 ? " g" + c.groups() : "", c.type(), c.cross() ? " cross" : "");
    }
    if (layer instanceof Layer.Linear l) {
      return "linear " + l.in() + "->" + l.out();
    }
    if (layer instanceof Layer.BatchNorm) {
      return "batchnorm";
    }
    if (layer instanceof Layer.Activation a) {
      return a.kind() == Layer.ActivationKind.RELU ? "relu" : "relu6";
    }
    if (layer instanceof Layer.Add) {
      return "add";
    }
    if (layer instanceof Layer.MaxPool m) {
      return String.format(Locale.ROOT, "maxpool %dx%d/%d p%d", m.k(), m.k(), m.stride(), m.pad());
    }
    return "global avgpool";
  }

  /** Learned parameters of one layer (a cross kernel's structurally zero taps are not learned). */
  public static long parameters(Layer layer) {
    if (layer instanceof Layer.Conv c) {
      return (long) c.out() * (c.in() / c.groups()) * c.taps() + (c.bias() ? c.out() : 0);
    }
    if (layer instanceof Layer.Linear l) {
      return (long) l.in() * l.out() + l.out();
    }
    if (layer instanceof Layer.BatchNorm b) {
      return 2L * b.channels();
    }
    return 0;
  }

  /** The table as text: one line per node, then totals. */
  public static String render(Model model) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "model %s, input %dx%dx%d%n", model.name(),
        model.input().channels(), model.input().height(), model.input().width()));
    sb.append(String.format(Locale.ROOT, "%4s  %-28s %-26s %-14s %12s %15s%n", "id", "name", "layer",
        "output", "params", "MACs"));
    long params = 0;
    long macs = 0;
    for (Node n : model.nodes()) {
      long p = parameters(n.layer());
      long m = model.macs(n);
      params += p;
      macs += m;
      String name = n.layer() == null ? "" : n.layer().name();
      sb.append(String.format(Locale.ROOT, "%4d  %-28s %-26s %-14s %,12d %,15d%n", n.id(), name,
          describe(n.layer()), n.channels() + "x" + n.height() + "x" + n.width(), p, m));
    }
    sb.append(String.format(Locale.ROOT, "total parameters: %,d%n", params));
    sb.append(String.format(Locale.ROOT, "total MACs: %,d (%.3f GMACs)%n", macs, macs / 1e9));
    return sb.toString();
  }
}
