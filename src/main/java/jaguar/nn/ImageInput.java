package jaguar.nn;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Turns a picture (PNG, JPEG, anything javax.imageio reads) into the input tensor a model of the
 * zoo expects, as the models were trained:
 *
 * <ul>
 *   <li><b>Fashion-MNIST models</b> ({@link #FASHION_MNIST}): grey (ITU-R 601 luma, as PIL's {@code
 *       convert("L")}: (299 R + 587 G + 114 B) / 1000), resized to 28 x 28 if it is not (bilinear),
 *       then (pixel / 255 - 0.2860) / 0.3530, the training normalisation. A Fashion-MNIST test
 *       image saved as a PNG comes back exactly as {@link FashionMnist#image} gives it.
 *   <li><b>ImageNet models</b> ({@link #IMAGENET}): torchvision's evaluation transform: resize so
 *       the short side is 256 (bilinear, pixel centres aligned as PIL does), centre crop 224, RGB to
 *       [0, 1], then mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) per channel.
 * </ul>
 */
public final class ImageInput {
  /** The preprocessing the Fashion-MNIST models take, as stated in the handshake. */
  public static final String FASHION_MNIST = "fashion-mnist: grey 28x28, (pixel/255 - 0.2860) / 0.3530";
  /** The preprocessing the ImageNet models take, as stated in the handshake. */
  public static final String IMAGENET = "imagenet: short side 256 (bilinear), centre crop 224, RGB/255, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225)";

  /** Fashion-MNIST's ten classes, by label. */
  public static final java.util.List<String> FASHION_MNIST_CLASSES = java.util.List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private ImageInput() {}

  /** The preprocessing of a model of the zoo. */
  public static String preprocessing(String model) {
    return ModelZoo.SMALL.contains(model) ? FASHION_MNIST : IMAGENET;
  }

  /**
   * Reads a picture.
   *
   * @throws IOException if the file is missing or not an image javax.imageio can read, naming it
   */
  public static BufferedImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("image " + file + ": no such file");
    }
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException("image " + file + ": not a picture javax.imageio can read (PNG, JPEG, BMP, GIF)");
    }
    return img;
  }

  /** The tensor {@code model} takes for {@code img} (see the class comment). */
  public static float[] tensor(String model, BufferedImage img) {
    return ModelZoo.SMALL.contains(model) ? fashionMnist(img) : imagenet(img, 256, 224);
  }

  /** 1 x 28 x 28, normalised as the Fashion-MNIST models were trained. */
  public static float[] fashionMnist(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    float[] grey = new float[w * h];
    if (img.getRaster().getNumBands() == 1) { // a grey picture: its samples as they are (getRGB would gamma-convert)
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          grey[y * w + x] = img.getRaster().getSample(x, y, 0) * 255f / ((1 << img.getColorModel().getComponentSize(0)) - 1);
        }
      }
    } else {
      float[][] rgb = rgb(img);
      for (int i = 0; i < grey.length; i++) {
        int r = Math.round(rgb[0][i]);
        int g = Math.round(rgb[1][i]);
        int b = Math.round(rgb[2][i]);
        grey[i] = (r * 299 + g * 587 + b * 114) / 1000; // integer luma, as PIL
      }
    }
    if (w != 28 || h != 28) {
      grey = resize(grey, w, h, 28, 28);
    }
    float[] out = new float[28 * 28];
    for (int i = 0; i < out.length; i++) {
      out[i] = (grey[i] / 255f - FashionMnist.MEAN) / FashionMnist.STD;
    }
    return out;
  }

  /** 3 x crop x crop: short side to {@code resize}, centre crop, normalised with ImageNet's statistics. */
  public static float[] imagenet(BufferedImage img, int resize, int crop) {
    int w = img.getWidth();
    int h = img.getHeight();
    int nw = w <= h ? resize : (int) Math.floor((double) resize * w / h);
    int nh = h <= w ? resize : (int) Math.floor((double) resize * h / w);
    if (nw < crop || nh < crop) {
      throw new IllegalArgumentException("image of " + w + "x" + h + " resized to " + nw + "x" + nh + " is smaller than the crop " + crop);
    }
    float[][] rgb = rgb(img);
    int top = (int) Math.round((nh - crop) / 2.0);
    int left = (int) Math.round((nw - crop) / 2.0);
    float[] out = new float[3 * crop * crop];
    for (int c = 0; c < 3; c++) {
      float[] r = nw == w && nh == h ? rgb[c] : resize(rgb[c], w, h, nw, nh);
      for (int y = 0; y < crop; y++) {
        for (int x = 0; x < crop; x++) {
          out[(c * crop + y) * crop + x] = (r[(y + top) * nw + x + left] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return out;
  }

  /** The picture's red, green and blue planes, 0..255. */
  private static float[][] rgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    float[][] p = new float[3][w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = img.getRGB(x, y);
        p[0][y * w + x] = (v >> 16) & 0xff;
        p[1][y * w + x] = (v >> 8) & 0xff;
        p[2][y * w + x] = v & 0xff;
      }
    }
    return p;
  }

  /**
   * Bilinear resampling with pixel centres aligned (source coordinate (x + 0.5) * w / nw - 0.5,
   * clamped at the borders), the convention of PIL and torchvision without antialiasing.
   */
  static float[] resize(float[] src, int w, int h, int nw, int nh) {
    float[] out = new float[nw * nh];
    for (int y = 0; y < nh; y++) {
      double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / nh - 0.5));
      int y0 = (int) Math.floor(sy);
      int y1 = Math.min(h - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < nw; x++) {
        double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / nw - 0.5));
        int x0 = (int) Math.floor(sx);
        int x1 = Math.min(w - 1, x0 + 1);
        double fx = sx - x0;
        double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
        double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
        out[y * nw + x] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
    return out;
  }

  /** The pixels of a Fashion-MNIST test image (0..255), as a grey picture to save as a PNG. */
  public static BufferedImage fashionMnistPicture(FashionMnist data, int index) {
    float[] v = data.image(index);
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int p = Math.round((v[y * 28 + x] * FashionMnist.STD + FashionMnist.MEAN) * 255f);
        img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, p)));
      }
    }
    return img;
  }
}
