package jaguar.experiment.convbench;

import jaguar.conv.ConvOptionException;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvType;
import jaguar.conv.Layout;
import jaguar.conv.PaperShapes;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.ConfigException;
import jaguar.experiment.ConfigNode;
import jaguar.experiment.Experiment;
import jaguar.experiment.ExperimentKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code kind: conv-microbench}: the server-side convolution alone, shape by shape, for SPA-Conv
 * and Cheetah's HomConv schedules (paper Tables 1, 3, 9 and Figure 1b).
 *
 * <pre>
 * repeats: 10                    # timed repeats per case (each a batch of calls, see min_repeat_ms)
 * warmup: 1                      # untimed calls first (>= 1; the last one sizes the batch)
 * threads: [1, 2]                # output-channel ranges run at once, the same way for every protocol
 * protocols: [jaguar, cheetah, cheetah-ntt]   # default; also jaguar-hybrid, jaguar-ntt
 * vectorisation: [avx-off, avx-on]   # one child JVM each; avx-off = -XX:UseAVX=0 -XX:-UseSuperWord
 * shapes:                        # inline shapes (optional if shapes_from is given)
 *   - {name: my-conv, type: dense, layout: auto, H: 28, W: 28, ci: 64, co: 64, k: 3, stride: 1, pad: 1}
 * shapes_from:                   # shapes of the paper's networks (conv_shapes.csv)
 *   models: [resnet18, resnet50, mobilenetv2]
 *   dedupe: true                 # one case per distinct geometry; network totals count every layer
 *   types: [dense, pointwise, depthwise]
 *   layouts: [packed, split]     # the Jaguar plan's layout, as the paper groups them
 * weight_bits: 8                 # signed nonzero weights
 * min_repeat_ms: 50              # a repeat runs enough calls to last this long
 * case_budget_s: 0               # if > 0: fewer repeats (at least 3) for cases that would exceed it
 * kernel_memory_mb: 2048         # above this, a kernel's filters are built and timed in groups
 * breakdown: true                # profile Cheetah's phases (Figure 1b)
 * rhombus: false                 # also time Rhombus's packed product on the pointwise shapes (rhombus.csv)
 * unit_kernel_s: 0.5             # seconds to time each unit kernel (NTT, SPA term, ...)
 * heap_mb: 8192                  # -Xmx of each child JVM
 * timeout_s: 86400               # per child JVM
 * </pre>
 */
public final class ConvMicrobenchKind implements ExperimentKind {
  /** The networks of conv_shapes.csv. */
  static final List<String> MODELS = List.of("resnet18", "resnet50", "mobilenetv2");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/:+-]{1,100}");

  @Override
  public String name() {
    return "conv-microbench";
  }

  @Override
  public String description() {
    return "server-side convolution time per shape, SPA-Conv vs Cheetah HomConv, AVX off and on"
        + " (paper Tables 1, 3, 9, Figure 1b)";
  }

  @Override
  public Experiment parse(ConfigNode c) {
    int repeats = c.integer32("repeats", 10, 1, 10_000);
    int warmup = c.integer32("warmup", 1, 1, 1000);
    List<Integer> threads = new ArrayList<>();
    for (long t : c.integers("threads", List.of(1L), 1, 256)) {
      if (threads.contains((int) t)) {
        throw c.error("threads", c.raw().get("threads"), "distinct thread counts");
      }
      threads.add((int) t);
    }
    List<String> protocols = c.strings("protocols", List.of("jaguar", "cheetah", "cheetah-ntt"), BenchProtocols.names());
    if (new HashSet<>(protocols).size() != protocols.size()) {
      throw c.error("protocols", protocols, "distinct protocols among " + String.join(", ", BenchProtocols.names()));
    }
    List<String> vLabels = new ArrayList<>();
    for (Vectorisation v : Vectorisation.values()) {
      vLabels.add(v.label());
    }
    List<Vectorisation> vectorisations = new ArrayList<>();
    for (String v : c.strings("vectorisation", List.of("avx-off", "avx-on"), vLabels)) {
      Vectorisation x = Vectorisation.byLabel(v);
      if (vectorisations.contains(x)) {
        throw c.error("vectorisation", c.raw().get("vectorisation"), "distinct values among " + vLabels);
      }
      vectorisations.add(x);
    }
    int weightBits = c.integer32("weight_bits", 8, 1, 10);
    double minRepeatMs = c.number("min_repeat_ms", 50, 0, 60_000);
    double budget = c.number("case_budget_s", 0, 0, 1e7);
    long kernelMemoryMb = c.integer("kernel_memory_mb", 2048, 16, 1L << 20);
    boolean breakdown = c.bool("breakdown", true);
    boolean rhombus = c.bool("rhombus", false);
    double unitSeconds = c.number("unit_kernel_s", 0.5, 0.05, 60);
    int heapMb = c.integer32("heap_mb", 8192, 256, 1 << 20);
    long timeout = c.integer("timeout_s", 86_400, 10, 30L * 86_400);
    if (!c.has("shapes") && !c.has("shapes_from")) {
      throw new ConfigException(c.file() + ": field 'shapes' or 'shapes_from' is required; valid: a list of"
          + " {name, type, layout, H, W, ci, co, k, stride, pad} mappings, or {models: [" + String.join(", ", MODELS) + "]}");
    }
    List<BenchShape> shapes = new ArrayList<>();
    if (c.has("shapes")) {
      for (ConfigNode n : c.children("shapes")) {
        shapes.add(inlineShape(n, protocols));
      }
    } else {
      c.accept("shapes");
    }
    if (c.has("shapes_from")) {
      shapes.addAll(paperShapes(c.child("shapes_from"), c.fieldPath("shapes_from"), c.file()));
    } else {
      c.accept("shapes_from");
    }
    Set<String> names = new HashSet<>();
    for (BenchShape s : shapes) {
      if (!names.add(s.name())) {
        throw new ConfigException(c.file() + ": shape name '" + s.name() + "' is used twice; valid: distinct names"
            + " (inline shapes and shapes_from share one name space; shapes_from names shapes model/layer)");
      }
    }
    if (shapes.isEmpty()) {
      throw new ConfigException(c.file() + ": field 'shapes_from' selects no shape; valid: a selection of at least one layer");
    }
    if (rhombus && shapes.stream().noneMatch(b -> RhombusBench.supports(b.shape()))) {
      throw c.error("rhombus", true, "false, or a selection with a pointwise shape (k = 1, pad 0, groups 1) for Rhombus");
    }
    BenchSettings s = new BenchSettings(0, repeats, warmup, threads, protocols, vectorisations, shapes,
        weightBits, minRepeatMs, budget, kernelMemoryMb, breakdown, rhombus, unitSeconds, heapMb, timeout);
    return new ConvMicrobenchExperiment(s);
  }

  static BenchShape inlineShape(ConfigNode n, List<String> protocols) {
    String name = n.string("name");
    if (!NAME.matcher(name).matches()) {
      throw n.error("name", name, "1 to 100 letters, digits and . _ / : + -");
    }
    String typeLabel = "";
    if (n.has("type")) {
      typeLabel = n.choice("type", null, "dense", "pointwise", "depthwise");
    } else {
      n.accept("type");
    }
    Layout layout = Layout.parse(n.choice("layout", "auto", "auto", "packed", "split"));
    int h = n.integer32("H", 1, ConvShape.MAX_EXTENT);
    int w = n.integer32("W", 1, ConvShape.MAX_EXTENT);
    int ci = n.integer32("ci", 1, ConvShape.MAX_EXTENT);
    int co = n.integer32("co", 1, ConvShape.MAX_EXTENT);
    int k = n.integer32("k", 1, 64);
    int stride = n.integer32("stride", 1, 1, 64);
    int pad = n.integer32("pad", 0, 0, 64);
    int groups = n.integer32("groups", typeLabel.equals("depthwise") ? ci : 1, 1, ConvShape.MAX_EXTENT);
    n.finish();
    ConvShape shape;
    try {
      shape = new ConvShape(h, w, ci, co, k, stride, pad, groups);
    } catch (ConvOptionException e) {
      throw convError(n, e);
    }
    if (!typeLabel.isEmpty() && !shape.type().label().equals(typeLabel)) {
      throw n.error("type", typeLabel, "'" + shape.type().label() + "' for this geometry (" + shape
          + "): dense has k > 1 and groups 1, pointwise k = 1 and groups 1, depthwise groups = ci");
    }
    if (shape.type() == ConvType.GROUPED) {
      throw n.error("groups", groups, "1 (dense, pointwise) or ci = " + ci + " (depthwise)");
    }
    for (String p : protocols) {
      try {
        BenchProtocols.of(p).plan(shape, layout);
      } catch (ConvOptionException e) {
        throw new ConfigException(n.file() + ": field '" + n.fieldPath(e.field()) + "': for protocol " + p + ": "
            + e.getMessage().substring(e.field().length() + 2));
      }
    }
    return new BenchShape(name, shape, layout, groupLayout(shape, layout), Map.of());
  }

  private static ConfigException convError(ConfigNode n, ConvOptionException e) {
    return new ConfigException(n.file() + ": field '" + n.fieldPath(e.field()) + "': "
        + e.getMessage().substring(e.field().length() + 2));
  }

  /** The paper's grouping layout: the Jaguar plan's (SPA-Conv at N = 2048). */
  static Layout groupLayout(ConvShape shape, Layout layout) {
    return BenchProtocols.of("jaguar").plan(shape, layout).layout();
  }

  private static List<BenchShape> paperShapes(ConfigNode n, String path, String file) {
    List<String> models = n.strings("models", MODELS, MODELS);
    boolean dedupe = n.bool("dedupe", true);
    List<String> types = n.strings("types", List.of("dense", "pointwise", "depthwise"),
        List.of("dense", "pointwise", "depthwise"));
    List<String> layouts = n.strings("layouts", List.of("packed", "split"), List.of("packed", "split"));
    n.finish();
    Map<ConvShape, String> firstName = new LinkedHashMap<>();
    Map<ConvShape, Map<String, Integer>> uses = new LinkedHashMap<>();
    List<BenchShape> out = new ArrayList<>();
    for (PaperShapes.Layer l : PaperShapes.all()) {
      if (!models.contains(l.model()) || !types.contains(l.shape().type().label())) {
        continue;
      }
      Layout group = groupLayout(l.shape(), Layout.AUTO);
      if (!layouts.contains(group.label())) {
        continue;
      }
      String name = l.model() + "/" + l.layer();
      if (dedupe) {
        firstName.putIfAbsent(l.shape(), name);
        uses.computeIfAbsent(l.shape(), x -> new TreeMap<>()).merge(l.model(), 1, Integer::sum);
      } else {
        out.add(new BenchShape(name, l.shape(), Layout.AUTO, group, Map.of(l.model(), 1)));
      }
    }
    for (Map.Entry<ConvShape, String> e : firstName.entrySet()) {
      out.add(new BenchShape(e.getValue(), e.getKey(), Layout.AUTO, groupLayout(e.getKey(), Layout.AUTO),
          uses.get(e.getKey())));
    }
    if (out.isEmpty()) {
      throw new ConfigException(file + ": field '" + path + "' selects no layer of " + new TreeSet<>(models)
          + "; valid: a selection of at least one layer");
    }
    return out;
  }

  @Override
  public boolean shards() {
    return true;
  }
}
