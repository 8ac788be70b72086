package jaguar.experiment.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The paper's end-to-end numbers (Tables 5 and 11: latency on LAN and WAN and communication, 4
 * threads, AVX off and on), bundled as {@code jaguar/paper/end_to_end.csv}: protocol {@code
 * cheetah}, {@code rhombus}, {@code jaguar} per model.
 */
final class PaperEndToEnd {
  /** One paper cell. */
  record Entry(double lanSeconds, double wanSeconds, double mib) {}

  private final Map<String, Entry> entries;

  private PaperEndToEnd(Map<String, Entry> entries) {
    this.entries = entries;
  }

  static String text() {
    try (InputStream in = PaperEndToEnd.class.getResourceAsStream("/jaguar/paper/end_to_end.csv")) {
      if (in == null) {
        throw new IllegalStateException("resource jaguar/paper/end_to_end.csv is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PaperEndToEnd load() {
    Map<String, Entry> m = new HashMap<>();
    String[] lines = text().split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].trim().split(",");
      if (f.length < 6) {
        continue;
      }
      m.put(key(f[0], f[1], f[2]), new Entry(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
    }
    return new PaperEndToEnd(m);
  }

  private static String key(String vectorisation, String model, String protocol) {
    return vectorisation + "/" + model + "/" + protocol;
  }

  /** The paper's cell, or null (no such model, protocol or vectorisation in the paper). */
  Entry get(String vectorisation, String model, String protocol) {
    return entries.get(key(vectorisation, model, protocol));
  }
}
