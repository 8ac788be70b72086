package jaguar.cli;

import jaguar.conv.ConvOptionException;
import jaguar.conv.ConvShape;
import jaguar.experiment.boundary.BoundaryProtocol;
import jaguar.experiment.boundary.ShareVerification;
import jaguar.he.ParameterException;
import jaguar.share.JaguarExportSpec;
import jaguar.share.TruncationMode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaguar verify share}: one convolution from the client's encrypted input to additive
 * shares (encrypt, serialize, convolve, export, import) and every output compared with the
 * plaintext reference. Exit 0 when every output is what the mode promises, 1 otherwise, 2 on bad
 * options.
 */
@Command(
    name = "share",
    mixinStandardHelpOptions = true,
    description = {
      "Run one convolution through the HE-to-share boundary on a random input and check the shares"
          + " against the plaintext reference.",
      "Jaguar: shares of floor(conv / 2^f) mod 2^(T-f), exactly (--truncation exact, which leaks the"
          + " low bits) or exactly or one less (private, the default). Cheetah: shares of conv mod 2^T"
          + " at scale 2f.",
      "Ends with 'verify share: OK mismatches=0 max_error=E outputs=N client_bytes=X server_bytes=Y'"
          + " (exit 0) or 'verify share: FAIL ...' (exit 1); bad options exit 2."
    })
final class VerifyShareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--protocol", defaultValue = "jaguar",
      description = "jaguar (SPA-Conv, N=2048, q=2^54) or cheetah (HomConv, N=4096, q~2^109, OpenCheetah's export); default ${DEFAULT-VALUE}")
  String protocol;

  @Option(names = "--H", required = true, description = "input height") int h;
  @Option(names = "--W", required = true, description = "input width") int w;
  @Option(names = "--ci", required = true, description = "input channels") int ci;
  @Option(names = "--co", required = true, description = "output channels") int co;
  @Option(names = "--k", required = true, description = "kernel size k (k x k)") int k;
  @Option(names = "--stride", defaultValue = "1", description = "stride (default ${DEFAULT-VALUE})") int stride;
  @Option(names = "--pad", defaultValue = "0", description = "zero padding per side (default ${DEFAULT-VALUE})") int pad;
  @Option(names = "--groups", defaultValue = "1", description = "groups; ci for depthwise (default ${DEFAULT-VALUE})") int groups;

  @Option(names = "--T", description = "plaintext modulus t = 2^T (default: 32 for jaguar, 37 = ell for cheetah)")
  Integer logT;

  @Option(names = "--f", defaultValue = "12", description = "fixed-point bits truncated under HE (jaguar; default ${DEFAULT-VALUE})")
  int f;

  @Option(names = "--truncation", defaultValue = "private",
      description = "private (default: exact or 1 LSB low, nothing leaked) or exact (the paper's claim; LEAKS the f low bits of every output and the noise)")
  String truncation;

  @Option(names = "--weight-bits", defaultValue = "8",
      description = "weights uniform signed of this many bits (default ${DEFAULT-VALUE})")
  int weightBits;

  @Option(names = "--channels", description = "run only the first C output channels (default: all)")
  Integer channels;

  @Option(names = "--seed", defaultValue = "1", description = "seed of input, weights, keys and noise (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BoundaryProtocol p;
    ConvShape shape;
    TruncationMode mode;
    try {
      p = BoundaryProtocol.parse(protocol);
      mode = TruncationMode.parse(truncation);
      shape = new ConvShape(h, w, ci, co, k, stride, pad, groups);
    } catch (ConvOptionException e) {
      throw new BadInputException("option --" + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
    int t = logT != null ? logT : (p == BoundaryProtocol.JAGUAR ? 32 : 37);
    if (weightBits < 1 || weightBits > Math.min(32, t)) {
      throw new BadInputException("--weight-bits", weightBits, "1.." + Math.min(32, t));
    }
    if (channels != null && (channels < 1 || channels > co)) {
      throw new BadInputException("--channels", channels, "1.." + co);
    }
    ShareVerification.Settings s = new ShareVerification.Settings(
        p, t, f, mode, channels == null ? co : channels, seed);
    if (p == BoundaryProtocol.JAGUAR && mode == TruncationMode.EXACT) {
      out.println("warning: --truncation exact leaks the " + f + " low bits of every output and the"
          + " decrypted noise to the client (for a first layer: the weights mod 2^" + f + ")");
    }
    ShareVerification.Result r;
    try {
      JaguarExportSpec js = p == BoundaryProtocol.JAGUAR ? JaguarExportSpec.defaults(f).withTruncation(mode) : null;
      r = ShareVerification.runRandom(shape, s, js, weightBits);
    } catch (ParameterException e) {
      throw new BadInputException("option " + e.getMessage());
    } catch (ConvOptionException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
    out.println(r.plan().explain());
    out.println("boundary: " + r.boundary() + "; weights " + weightBits + "-bit signed, seed " + seed
        + (s.channels() < co ? ", channels 0.." + (s.channels() - 1) + " of " + co : ""));
    out.printf("bytes: client->server %d (input ciphertexts, seeded) + %d public key once per session;"
            + " server->client %d (%d groups); %.3f bytes per output%n",
        r.clientBytes(), r.publicKeyBytes(), r.serverBytes(), r.exportedCiphertexts(), r.serverBytesPerOutput());
    out.printf("noise: max |E| 2^%.2f, rms 2^%.2f (Gaussian model 2^%.2f); smallest margin %.2f bits (0 or below can fail)%n",
        log2(r.maxAbsNoise()), log2(r.rmsNoise()), log2(r.predictedRmsNoise()), r.minMarginBits());
    if (p == BoundaryProtocol.JAGUAR && mode == TruncationMode.PRIVATE) {
      out.printf("one LSB low: %d of %d outputs (predicted %.1f +- %.1f)%n",
          r.oneLess(), r.outputs(), r.predictedOneLess(), Math.sqrt(r.oneLessVariance()));
    }
    out.printf("time: encrypt %.3f s, convolve %.3f s, %sexport (server) %.3f s, import (client) %.3f s%n",
        r.encryptSeconds(), r.convolveSeconds(),
        p == BoundaryProtocol.JAGUAR ? String.format("encryptions of zero (offline pool, %d) %.3f s, ", r.exportedCiphertexts(), r.offlineZeroSeconds()) : "",
        r.serverExportSeconds(), r.clientImportSeconds());
    out.println(r.verdict());
    out.flush();
    return r.ok() ? 0 : 1;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
