package jaguar.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one party measured of one layer of a secure inference (CSV-ready): its wall time for the
 * step, the bytes it sent and received, the rounds its clock advanced, and the time and bytes sent
 * of each phase: for HE layers the client's encrypt and import and the server's kernel and export
 * ({@code he_sent}: the upload or the export messages), then the two-party protocols by kind (ReLU
 * or ReLU6 with any fused extension, truncation, extension alone, max-pooling). Times in ms; the
 * rest of {@code ms} is local work and waiting for the peer.
 *
 * @param node the model node
 * @param name the layer's name ({@code layer1.0.conv1}) or its kind and node ({@code add@12})
 * @param type conv, fc, avgpool, relu, relu6, add, maxpool, output
 * @param shape the output shape, {@code CxHxW}
 * @param engine the kernel or protocol that ran (e.g. {@code jaguar-ntt polyphase}, {@code relu+ext})
 */
public record LayerReport(
    int node, String name, String type, String shape, String engine, double ms, long sent, long received, long rounds,
    double encryptMs, double kernelMs, double exportMs, double importMs, double reluMs, double truncMs, double extMs,
    double poolMs, long heSent, long reluSent, long truncSent, long extSent, long poolSent) {
  /** The CSV header of {@link #csv}. */
  public static final String HEADER = "node,name,type,shape,engine,ms,sent,received,rounds,encrypt_ms,kernel_ms,export_ms,"
      + "import_ms,relu_ms,trunc_ms,ext_ms,pool_ms,he_sent,relu_sent,trunc_sent,ext_sent,pool_sent";

  private static final int FIELDS = 22;

  public String csv() {
    return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.3f,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%d,%d",
        node, name, type, shape, engine, ms, sent, received, rounds, encryptMs, kernelMs, exportMs, importMs, reluMs, truncMs,
        extMs, poolMs, heSent, reluSent, truncSent, extSent, poolSent);
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
      if (f.length != FIELDS) {
        throw new IllegalArgumentException("layer report: '" + line + "' has " + f.length + " fields, expected " + FIELDS);
      }
      try {
        double[] d = new double[FIELDS];
        for (int i = 5; i < FIELDS; i++) {
          d[i] = Double.parseDouble(f[i]);
        }
        out.add(new LayerReport(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], d[5], (long) d[6], (long) d[7], (long) d[8],
            d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16], (long) d[17], (long) d[18], (long) d[19], (long) d[20],
            (long) d[21]));
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
    long relu;
    long trunc;
    long ext;
    long pool;
    long heSent;
    long reluSent;
    long truncSent;
    long extSent;
    long poolSent;
  }
}
