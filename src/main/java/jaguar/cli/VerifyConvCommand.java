package jaguar.cli;

import jaguar.conv.ConvOptionException;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.ConvVerification;
import jaguar.conv.Layout;
import jaguar.conv.RhombusVerification;
import jaguar.conv.StrideForm;
import jaguar.he.ParameterException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaguar verify conv}: encrypt a random input, run one homomorphic convolution kernel,
 * decrypt, and compare every output with the plaintext reference mod t. Exit 0 when exact, 1 on
 * any mismatch, 2 on an impossible shape or option.
 */
@Command(
    name = "conv",
    mixinStandardHelpOptions = true,
    description = {
      "Run one homomorphic convolution on a random input and compare every output with the"
          + " plaintext reference mod t.",
      "Ends with 'verify conv: OK mismatches=0 outputs=N cts_in=A cts_out=B' (exit 0) or"
          + " 'verify conv: FAIL ...' (exit 1); bad options exit 2."
    })
final class VerifyConvCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--protocol", defaultValue = "jaguar",
      description = "jaguar (SPA-Conv, N=2048, q=2^54), jaguar-ntt (same ring, exact NTT products over"
          + " two primes), jaguar-hybrid (per layer the faster of the two, by measured unit costs),"
          + " cheetah (HomConv, normal-form products as OpenCheetah runs it) or cheetah-ntt (HomConv,"
          + " NTT-form schedule) or rhombus (Rhombus's MatMul with input-output packing, N=8192, two"
          + " 50-bit primes, pointwise shapes only: the two parties' shares are checked); default ${DEFAULT-VALUE}")
  String protocol;

  @Option(names = "--H", required = true, description = "input height") int h;
  @Option(names = "--W", required = true, description = "input width") int w;
  @Option(names = "--ci", required = true, description = "input channels") int ci;
  @Option(names = "--co", required = true, description = "output channels") int co;
  @Option(names = "--k", required = true, description = "kernel size k (k x k)") int k;
  @Option(names = "--stride", defaultValue = "1", description = "stride (default ${DEFAULT-VALUE})") int stride;
  @Option(names = "--pad", defaultValue = "0", description = "zero padding per side (default ${DEFAULT-VALUE})") int pad;
  @Option(names = "--groups", defaultValue = "1", description = "groups; ci for depthwise (default ${DEFAULT-VALUE})") int groups;

  @Option(names = "--layout", defaultValue = "auto", description = "auto, packed or split (default ${DEFAULT-VALUE})")
  String layout;

  @Option(names = "--stride-form", defaultValue = "auto",
      description = "strided layers: auto (cheetah-ntt the cheaper form by its op counts, jaguar-hybrid by"
          + " its cost model, the others direct), direct, or polyphase (space-to-depth, stride > 1 and"
          + " k > 1 only); default ${DEFAULT-VALUE}")
  String strideForm;

  @Option(names = "--seed", defaultValue = "1", description = "seed of input, weights, key and noise (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--t-bits",
      description = "plaintext modulus t = 2^bits (default: 32 for jaguar, 37 for cheetah)")
  Integer tBits;

  @Option(names = "--weight-bits", defaultValue = "8",
      description = "weights uniform signed of this many bits (default ${DEFAULT-VALUE}); larger weights use more of the noise margin")
  int weightBits;

  @Option(names = "--sparsity", defaultValue = "0",
      description = "fraction of weights set to zero (default ${DEFAULT-VALUE}); 1 gives all-zero filters")
  double sparsity;

  @Override
  public Integer call() {
    if ("rhombus".equalsIgnoreCase(protocol)) {
      return callRhombus();
    }
    PrintWriter out = spec.commandLine().getOut();
    ConvProtocol p;
    ConvShape shape;
    Layout lay;
    ConvVerification v;
    try {
      p = ConvProtocol.parse(protocol);
      shape = new ConvShape(h, w, ci, co, k, stride, pad, groups);
      lay = Layout.parse(layout);
      int bits = tBits != null ? tBits : (p.powerOfTwo() ? 32 : 37);
      try {
        v = ConvVerification.preset(p, bits).withForm(StrideForm.parse(strideForm));
      } catch (ParameterException e) {
        throw new BadInputException("option --t-bits: " + e.getMessage().replaceFirst("^logT: ", ""));
      }
      if (weightBits > v.logT()) {
        throw new BadInputException("--weight-bits", weightBits, "1.." + v.logT() + " (at most t's bits)");
      }
      out.println(v.plan(shape, lay).explain());
    } catch (ConvOptionException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
    out.println("params: " + v.parameters() + ", weights " + weightBits + "-bit signed"
        + (sparsity > 0 ? ", sparsity " + sparsity : "") + ", seed " + seed);
    out.flush();
    ConvVerification.Result r;
    try {
      r = v.runRandom(shape, lay, weightBits, sparsity, seed);
    } catch (ConvOptionException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
    out.println("work: " + r.work());
    out.printf(
        "time: reference %.3f s, encrypt %.3f s, filter preparation %.3f s, server convolution %.3f s,"
            + " decrypt+compare %.3f s%s%n",
        r.referenceSeconds(), r.encryptSeconds(), r.prepareSeconds(), r.serverSeconds(), r.decryptSeconds(),
        r.channelRanges() > 1
            ? " (in " + r.channelRanges() + " ranges of output channels to bound memory; each"
                + " range re-transforms the input)"
            : "");
    return finish(out, r.minMarginBits(), r.exact(), r.firstMismatch(), r.expectedAtFirst(), r.actualAtFirst(), r.verdict());
  }

  /** The lines every check ends with: its noise margin, its first mismatch (if any), its verdict; the exit code. */
  private static int finish(PrintWriter out, double margin, boolean exact, int first, long expected, long actual, String verdict) {
    out.printf("noise: smallest decryption margin %.1f bits (0 or below would be a failure)%n", margin);
    if (!exact) {
      out.printf("first mismatch at output %d: expected %d, got %d%n", first, expected, actual);
    }
    out.println(verdict);
    out.flush();
    return exact ? 0 : 1;
  }

  /** {@code --protocol rhombus}: {@link RhombusVerification} on a pointwise shape. */
  private Integer callRhombus() {
    PrintWriter out = spec.commandLine().getOut();
    ConvShape shape;
    RhombusVerification v;
    try {
      shape = new ConvShape(h, w, ci, co, k, stride, pad, groups);
      if (!RhombusVerification.supports(shape)) {
        throw new BadInputException("--protocol", protocol,
            "jaguar, jaguar-ntt, jaguar-hybrid, cheetah, cheetah-ntt (rhombus: pointwise shapes only, k = 1,"
                + " groups = 1, pad = 0)");
      }
      if (!"auto".equalsIgnoreCase(layout) || !"auto".equalsIgnoreCase(strideForm)) {
        throw new BadInputException("--protocol", protocol, "a protocol that takes --layout and --stride-form"
            + " (rhombus has its own packing)");
      }
      int bits = tBits != null ? tBits : 37;
      try {
        v = RhombusVerification.preset(bits);
      } catch (ParameterException e) {
        throw new BadInputException("option --t-bits: " + e.getMessage().replaceFirst("^logT: ", ""));
      }
      if (weightBits > v.params().logT()) {
        throw new BadInputException("--weight-bits", weightBits, "1.." + v.params().logT() + " (at most t's bits)");
      }
      out.println("plan: rhombus " + v.kernel(shape));
      out.println("params: " + v.params() + ", weights " + weightBits + "-bit signed"
          + (sparsity > 0 ? ", sparsity " + sparsity : "") + ", seed " + seed);
      out.flush();
      RhombusVerification.Result r = v.runRandom(shape, weightBits, sparsity, seed);
      out.printf("time: reference %.3f s, keys %.3f s, encrypt %.3f s, product + masking %.3f s, decrypt %.3f s,"
              + " server's plaintext part %.3f s%n",
          r.referenceSeconds(), r.keySeconds(), r.encryptSeconds(), r.computeSeconds(), r.decryptSeconds(),
          r.plainSeconds());
      return finish(out, r.minMarginBits(), r.exact(), r.firstMismatch(), r.expectedAtFirst(), r.actualAtFirst(), r.verdict());
    } catch (ConvOptionException e) {
      throw new BadInputException("option --" + e.getMessage());
    }
  }
}
