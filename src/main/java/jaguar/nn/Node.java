package jaguar.nn;

import java.util.Arrays;

/**
 * One node of a {@link Model}: a layer, the nodes it reads (indices of earlier nodes; node 0 is the
 * input) and the shape of its output per image. {@code layer} is null only for the input node.
 */
public record Node(int id, Layer layer, int[] inputs, int channels, int height, int width) {
  public Node {
    inputs = inputs.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  public int input(int i) {
    return inputs[i];
  }

  public int inputCount() {
    return inputs.length;
  }

  /** Elements of the output per image. */
  public int size() {
    return channels * height * width;
  }

  public int[] shape() {
    return new int[] {channels, height, width};
  }

  @Override
  public String toString() {
    return "Node[" + id + " " + layer + " <- " + Arrays.toString(inputs) + " -> " + channels + "x"
        + height + "x" + width + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node n && n.id == id && java.util.Objects.equals(n.layer, layer)
        && Arrays.equals(n.inputs, inputs) && n.channels == channels && n.height == height
        && n.width == width;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(id, layer, Arrays.hashCode(inputs), channels, height, width);
  }
}
