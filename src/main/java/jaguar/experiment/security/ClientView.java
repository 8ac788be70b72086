package jaguar.experiment.security;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.Layout;
import jaguar.conv.PlainConv;
import jaguar.conv.SpaConv;
import jaguar.protocol.ExportRange;
import jaguar.he.SecretKey;
import jaguar.he.pow2.Pow2Ciphertext;
import jaguar.he.pow2.Pow2Decryptor;
import jaguar.he.pow2.Pow2Encryptor;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2PublicKey;
import jaguar.he.pow2.Pow2SeededCiphertext;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.pow2.Pow2ZeroEncryptor;
import jaguar.math.Prg;
import jaguar.share.JaguarBoundary;
import jaguar.share.JaguarExportSpec;
import jaguar.share.JaguarExporter;
import jaguar.share.JaguarImporter;
import jaguar.share.ServerExport;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything an honest-but-curious client holds after one Jaguar linear layer: its input, its
 * key, the uniform part a and the noise e of each ciphertext it sent (it made them), the server's
 * message and the phases it rebuilds from it; plus, for judging the attacks only, the server's
 * true weights and shares. Made by running the real protocol steps ({@link JaguarExporter}, {@link
 * JaguarImporter}) on one layer.
 */
record ClientView(
    ConvShape shape,
    ConvPlan plan,
    JaguarBoundary boundary,
    long[] input,
    long[][] inputUniform,
    long[][] inputNoise,
    byte[] message,
    ExportRange export,
    long[] phases,
    long[] weights,
    long[] serverShares) {

  /** Runs the layer with the export options given (insecure ones included: this is an attack bench). */
  static ClientView run(ConvShape shape, long[] input, long[] weights, int logT, JaguarExportSpec spec, Prg prg) {
    Pow2Params params = Pow2Spec.jaguar().withLogT(logT).validate();
    JaguarBoundary b = spec.validate(params);
    int n = params.degree();
    ConvPlan plan = ConvPlan.of(shape, n, ConvProtocol.JAGUAR, Layout.AUTO);
    SecretKey key = SecretKey.generate(n, prg);
    Pow2Encryptor enc = new Pow2Encryptor(params, key, prg.fork());
    Pow2Decryptor dec = new Pow2Decryptor(params, key);
    long[][] messages = ConvPacking.inputMessages(plan, input);
    List<Pow2Ciphertext> in = new ArrayList<>();
    long[][] a = new long[messages.length][];
    long[][] e = new long[messages.length][n];
    long[] phase = new long[n];
    for (int i = 0; i < messages.length; i++) {
      Pow2SeededCiphertext s = enc.encryptSeeded(messages[i]);
      Pow2Ciphertext ct = s.expand(params);
      a[i] = ct.c1().clone();
      dec.phaseInto(ct, phase);
      for (int j = 0; j < n; j++) {
        e[i][j] = dec.noise(phase[j], messages[i][j]);
      }
      in.add(ct);
    }
    List<Pow2Ciphertext> out = new SpaConv(params, plan, weights).convolve(in);
    ExportRange le = ExportRange.of(plan, 0, shape.co());
    Pow2ZeroEncryptor zeros = b.rerandomise()
        ? new Pow2ZeroEncryptor(Pow2PublicKey.generate(params, key, prg), prg.fork())
        : null;
    ServerExport ex = new JaguarExporter(b, zeros == null ? null : zeros::rerandomise, prg.fork()).export(out, le.layout());
    long[] phases = new JaguarImporter(b, key).phases(ex.message(), le.layout());
    return new ClientView(shape, plan, b, input.clone(), a, e, ex.message(), le, phases, weights.clone(), ex.shares());
  }

  /** The plaintext convolution mod 2^T (for judging). */
  long[] reference() {
    return PlainConv.convolve(shape, input, weights, boundary.params().logT());
  }

  /** Byte offset of group g in the message. */
  int groupOffset(int g) {
    int o = 0;
    for (int i = 0; i < g; i++) {
      o += boundary.groupBytes(export.layout().coefficients(i).length);
    }
    return o;
  }
}
