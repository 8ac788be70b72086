package jaguar.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST as Debian's {@code dataset-fashion-mnist} installs it ({@value #DEFAULT_DIR}:
 * {@code train-images-idx3-ubyte.gz} and so on; {@code make data} installs it). Images are 28x28
 * grey; the model input is {@code (pixel / 255 - MEAN) / STD} with the training set's mean and
 * standard deviation, one channel, row-major.
 *
 * @param images normalised images, {@code count * 784} values
 * @param labels class labels in [0, 10)
 */
public record FashionMnist(float[] images, int[] labels) {
  public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
  public static final float MEAN = 0.2860f;
  public static final float STD = 0.3530f;
  public static final int PIXELS = 28 * 28;

  public int count() {
    return labels.length;
  }

  /** Image {@code i} as a fresh array of 784 values. */
  public float[] image(int i) {
    float[] out = new float[PIXELS];
    System.arraycopy(images, i * PIXELS, out, 0, PIXELS);
    return out;
  }

  /** The {@code test} (10,000 images) or {@code train} (60,000) split from {@code dir}. */
  public static FashionMnist load(Path dir, String split) throws IOException {
    String prefix = switch (split) {
      case "train" -> "train";
      case "test" -> "t10k";
      default -> throw new IllegalArgumentException("split '" + split + "'; valid: train, test");
    };
    Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
    for (Path p : new Path[] {images, labels}) {
      if (!Files.isRegularFile(p)) {
        throw new IOException(p + " is missing: install Fashion-MNIST with 'make data' "
            + "(Debian package dataset-fashion-mnist) or give its directory");
      }
    }
    return of(IdxFile.read(images), IdxFile.read(labels), images.toString());
  }

  /** Checks and normalises an image file ([n, 28, 28]) and a label file ([n], values 0..9). */
  public static FashionMnist of(IdxFile images, IdxFile labels, String origin) throws IOException {
    if (images.dims().length != 3 || images.dim(1) != 28 || images.dim(2) != 28) {
      throw new IOException(origin + ": images must have dimensions [n, 28, 28], got "
          + java.util.Arrays.toString(images.dims()));
    }
    if (labels.dims().length != 1 || labels.dim(0) != images.dim(0)) {
      throw new IOException(origin + ": " + images.dim(0) + " images but labels of dimensions "
          + java.util.Arrays.toString(labels.dims()));
    }
    int n = images.dim(0);
    float[] x = new float[n * PIXELS];
    byte[] d = images.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = ((d[i] & 0xff) / 255f - MEAN) / STD;
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels.data()[i] & 0xff;
      if (y[i] > 9) {
        throw new IOException(origin + ": label " + y[i] + " of image " + i + " is not in 0..9");
      }
    }
    return new FashionMnist(x, y);
  }
}
