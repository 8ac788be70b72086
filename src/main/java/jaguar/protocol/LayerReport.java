package jaguar.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one party measured of one layer of a secure inference (CSV-ready): its wall time for the
 * step, the bytes it sent and received, the rounds its clock advanced, and for HE layers the time
 * split into the party's phases (client: encrypt, import; server: kernel, export). Times in ms.
 *
 * @param node the model node
 * @param name the layer's name ({@code layer1.0.conv1}) or its kind and node ({@code add@12})
 * @param type conv, fc, avgpool, relu, relu6, add, maxpool, output
 * @param shape the output shape, {@code CxHxW}
 * @param engine the kernel or protocol that ran (e.g. {@code jaguar-ntt polyphase}, {@code relu+ext})
 */
public record LayerReport(
    int node, String name, String type, String shape, String engine, double ms, long sent, long received, long rounds,
    double encryptMs, double kernelMs, double exportMs, double importMs, double nonlinearMs) {
  /** The CSV header of {@link #csv}. */
  public static final String HEADER =
      "node,name,type,shape,engine,ms,sent,received,rounds,encrypt_ms,kernel_ms,export_ms,import_ms,nonlinear_ms";

  public String csv() {
    return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.3f,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f", node, name, type, shape,
        engine, ms, sent, received, rounds, encryptMs, kernelMs, exportMs, importMs, nonlinearMs);
  }

  /**
   * Parses lines of {@link #csv} (as the server sends its reports to the client).
   *
   * @throws IllegalArgumentException naming the line that does not parse
   */
  public static List<LayerReport> parse(List<String> lines) {
    List<LayerReport> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f.length != 14) {
        throw new IllegalArgumentException("layer report: '" + line + "' has " + f.length + " fields, expected 14");
      }
      try {
        out.add(new LayerReport(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], Double.parseDouble(f[5]),
            Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]),
            Double.parseDouble(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]), Double.parseDouble(f[13])));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("layer report: '" + line + "': " + e.getMessage());
      }
    }
    return out;
  }

  /** Mutable phase times of one step, filled by the pipeline. */
  static final class Phases {
    long encrypt;
    long kernel;
    long export;
    long importing;
    long nonlinear;
  }
}
