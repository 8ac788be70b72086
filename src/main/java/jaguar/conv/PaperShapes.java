package jaguar.conv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every convolution of torchvision ResNet-18, ResNet-50 and MobileNetV2 at 224 x 224 (125 layers:
 * 20, 53 and 52), from the resource {@code jaguar/paper/conv_shapes.csv}.
 */
public final class PaperShapes {
  private static final String RESOURCE = "/jaguar/paper/conv_shapes.csv";
  private static final String HEADER = "model,layer,type,H,W,ci,co,k,stride,pad,groups";

  private PaperShapes() {}

  /** One convolution layer of a network. */
  public record Layer(String model, String layer, ConvShape shape) {
    @Override
    public String toString() {
      return model + "/" + layer + " " + shape;
    }
  }

  /** All layers, in file order. */
  public static List<Layer> all() {
    try (InputStream in = PaperShapes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = r.readLine();
      if (!HEADER.equals(header)) {
        throw new IllegalStateException(RESOURCE + ": header " + header + " != " + HEADER);
      }
      List<Layer> layers = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != 11) {
          throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected 11 fields: " + line);
        }
        ConvShape s = new ConvShape(
            Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]),
            Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), Integer.parseInt(f[10]));
        if (!s.type().label().equals(f[2])) {
          throw new IllegalStateException(RESOURCE + ":" + lineNo + ": type " + f[2] + " but the shape is " + s.type().label());
        }
        layers.add(new Layer(f[0], f[1], s));
      }
      return layers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
