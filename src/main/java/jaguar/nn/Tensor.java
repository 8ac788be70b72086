package jaguar.nn;

import java.util.Arrays;

/**
 * A dense float tensor in row-major order (for images: channels, rows, columns). The shape is
 * fixed; the data array is owned by the tensor and exposed for kernels.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] data;

  public Tensor(int[] shape, float[] data) {
    if (data.length != sizeOf(shape)) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " needs " + sizeOf(shape) + " values, got "
              + data.length);
    }
    this.shape = shape.clone();
    this.data = data;
  }

  /** A tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return new Tensor(shape, new float[sizeOf(shape)]);
  }

  /** The number of elements of {@code shape} (1 for a scalar); fails on a negative dimension. */
  public static int sizeOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape too large: " + Arrays.toString(shape));
    }
    return (int) n;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int size() {
    return data.length;
  }

  /** The backing array (no copy). */
  public float[] data() {
    return data;
  }

  public Tensor copy() {
    return new Tensor(shape, data.clone());
  }

  public boolean hasShape(int... expected) {
    return Arrays.equals(shape, expected);
  }

  /** A shape as PyTorch prints it, e.g. {@code [64, 3, 7, 7]}. */
  public static String show(int[] shape) {
    return Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return "Tensor" + show(shape);
  }
}
