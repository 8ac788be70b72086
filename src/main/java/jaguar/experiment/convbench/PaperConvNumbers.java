package jaguar.experiment.convbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's convolution numbers (Table 9 per case, Table 3 per group: SPA-Conv vs OpenCheetah's
 * HomConv, one thread, AVX off), from the resource {@code jaguar/paper/conv_microbench_paper.csv},
 * a copy of {@code experiments/conv-microbench/paper.csv} (a test keeps the two equal).
 */
final class PaperConvNumbers {
  static final String RESOURCE = "/jaguar/paper/conv_microbench_paper.csv";

  /** One Table 3 group. */
  record Group(int cases, double gm, double min, double max) {}

  /** One Table 9 case. */
  record Case(String type, String layout, int index, double cheetahMs, double jaguarMs, double speedup) {}

  private final String text;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final List<Case> cases = new ArrayList<>();

  private PaperConvNumbers(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("source,")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f[0].equals("table3")) {
        groups.put(f[1] + "/" + f[2], new Group(Integer.parseInt(f[7]), Double.parseDouble(f[8]),
            Double.parseDouble(f[9]), Double.parseDouble(f[10])));
      } else if (f[0].equals("table9")) {
        cases.add(new Case(f[1], f[2], Integer.parseInt(f[3]), Double.parseDouble(f[4]),
            Double.parseDouble(f[5]), Double.parseDouble(f[6])));
      }
    }
  }

  static PaperConvNumbers load() {
    try (InputStream in = PaperConvNumbers.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
      }
      return new PaperConvNumbers(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file as shipped (written beside the results for the figures). */
  String text() {
    return text;
  }

  /** Table 3's group of (type, layout), or null. */
  Group group(String type, String layout) {
    return groups.get(type + "/" + layout);
  }

  List<Case> cases() {
    return cases;
  }
}
