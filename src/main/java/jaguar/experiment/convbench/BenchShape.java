package jaguar.experiment.convbench;

import jaguar.conv.ConvShape;
import jaguar.conv.ConvType;
import jaguar.conv.Layout;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One convolution the microbenchmark times.
 *
 * @param name unique label (letters, digits and {@code . _ / : + -}), e.g. {@code
 *     resnet50/layer3.0.conv2}
 * @param shape the geometry
 * @param layout the layout asked for: {@link Layout#AUTO} lets each protocol's planner choose
 * @param group the layout of the paper's grouping: the Jaguar plan's (packed or split)
 * @param occurrences how many times each network uses this geometry (empty for a shape of the
 *     config's own); network totals count every occurrence
 */
record BenchShape(
    String name, ConvShape shape, Layout layout, Layout group, Map<String, Integer> occurrences) {
  BenchShape {
    occurrences = Map.copyOf(occurrences);
  }

  ConvType type() {
    return shape.type();
  }

  /** {@code resnet18:2 resnet50:4}, in the order of {@link #occurrences}' sorted keys. */
  String usedBy() {
    StringJoiner j = new StringJoiner(" ");
    occurrences.keySet().stream().sorted().forEach(m -> j.add(m + ":" + occurrences.get(m)));
    return j.toString();
  }
}
