package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models' preprocessing against what they were trained on and against torchvision's transform. */
class ImageInputTest {
  @TempDir Path dir;

  @Test
  void aFashionMnistTestImageSavedAsPngComesBackExactly() throws Exception {
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    for (int i : new int[] {0, 1, 17, 9999}) {
      Path png = dir.resolve("f" + i + ".png");
      ImageIO.write(ImageInput.fashionMnistPicture(test, i), "png", png.toFile());
      assertThat(ImageInput.tensor("resnet8-fmnist", ImageInput.read(png))).containsExactly(test.image(i));
    }
  }

  @Test
  void aColourPictureIsGreyedAsPilAndResizedTo28() {
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        img.setRGB(x, y, (200 << 16) | (100 << 8) | 50);
      }
    }
    float[] t = ImageInput.fashionMnist(img);
    int grey = (200 * 299 + 100 * 587 + 50 * 114) / 1000;
    for (float v : t) {
      assertThat(v).isCloseTo((grey / 255f - FashionMnist.MEAN) / FashionMnist.STD, within(1e-6f));
    }
    assertThat(t).hasSize(784);
  }

  @Test
  void imagenetResizesTheShortSideTo256AndCropsTheCentre() {
    // a horizontal ramp 0..w-1 (red), constant green and blue: after resizing by s, pixel x of the
    // resized image samples source coordinate (x + 0.5) / s - 0.5; the crop starts at (nw - 224) / 2
    int w = 400;
    int h = 300;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = Math.min(255, x * 255 / (w - 1));
        img.setRGB(x, y, (r << 16) | (128 << 8) | 64);
      }
    }
    float[] t = ImageInput.imagenet(img, 256, 224);
    assertThat(t).hasSize(3 * 224 * 224);
    int nw = 256 * w / h; // 341
    int left = (int) Math.round((nw - 224) / 2.0);
    for (int x : new int[] {0, 50, 111, 223}) {
      double sx = (x + left + 0.5) * w / nw - 0.5;
      int x0 = (int) Math.floor(sx);
      double fx = sx - x0;
      double r0 = Math.min(255, x0 * 255 / (w - 1));
      double r1 = Math.min(255, (x0 + 1) * 255 / (w - 1));
      double red = r0 * (1 - fx) + r1 * fx;
      assertThat(t[100 * 224 + x]).isCloseTo((float) ((red / 255 - 0.485) / 0.229), within(1e-4f));
    }
    assertThat(t[224 * 224 + 5 * 224 + 7]).isCloseTo((128 / 255f - 0.456f) / 0.224f, within(1e-5f));
    assertThat(t[2 * 224 * 224 + 200 * 224 + 9]).isCloseTo((64 / 255f - 0.406f) / 0.225f, within(1e-5f));
  }

  @Test
  void aFileThatIsNoPictureIsNamed() throws Exception {
    Path bad = dir.resolve("bad.png");
    Files.writeString(bad, "not a picture");
    assertThatThrownBy(() -> ImageInput.read(bad)).hasMessageContaining("bad.png").hasMessageContaining("not a picture");
    assertThatThrownBy(() -> ImageInput.read(dir.resolve("none.png"))).hasMessageContaining("no such file");
  }
}
