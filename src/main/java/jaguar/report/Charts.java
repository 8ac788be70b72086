package jaguar.report;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Saving XChart charts headless, as PNG at a resolution fit for a paper. */
public final class Charts {
  private Charts() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Writes {@code chart} to {@code file} (which must end in .png). */
  public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
    String name = file.toString();
    if (!name.endsWith(".png")) {
      throw new IllegalArgumentException("figure file must end in .png: " + file);
    }
    BitmapEncoder.saveBitmapWithDPI(
        chart, name.substring(0, name.length() - 4), BitmapEncoder.BitmapFormat.PNG, 150);
    return file;
  }
}
