package jaguar.nn;

/**
 * One named tensor a model needs, as in a torchvision state dict: {@code layer1.0.conv1.weight}
 * with shape {@code [64, 64, 3, 3]}. Learned parameters count towards a model's parameter total;
 * buffers (batch-norm running statistics) do not, as in {@code sum(p.numel() for p in
 * model.parameters())}.
 */
public record ParameterSpec(String name, int[] shape, boolean learned) {
  public ParameterSpec {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return Tensor.sizeOf(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p && p.name.equals(name)
        && java.util.Arrays.equals(p.shape, shape) && p.learned == learned;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Tensor.show(shape);
  }
}
