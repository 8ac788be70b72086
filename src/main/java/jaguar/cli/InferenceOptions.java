package jaguar.cli;

import jaguar.conv.ConvProtocol;
import jaguar.conv.KernelCosts;
import jaguar.he.ParameterException;
import jaguar.mpc.ot.OtKind;
import jaguar.protocol.FcBackend;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.OutputPolicy;
import jaguar.protocol.Pointwise;
import jaguar.protocol.Protocol;
import jaguar.protocol.VerifyMode;
import jaguar.share.TruncationMode;
import picocli.CommandLine.Option;

/** The options that make an {@link InferenceConfig} (shared by verify infer and serve). */
final class InferenceOptions {
  @Option(names = "--protocol", defaultValue = "jaguar", description = "jaguar or cheetah (default: ${DEFAULT-VALUE})")
  String protocol;

  @Option(names = "--conv", description = "conv engine: jaguar, jaguar-ntt, jaguar-hybrid (Jaguar; default jaguar-hybrid) or cheetah, cheetah-ntt (Cheetah; default cheetah, OpenCheetah's schedule)")
  String conv;

  @Option(names = "--truncation", defaultValue = "private", description = "Jaguar's truncation under HE: private or exact (exact leaks the low bits of every output) (default: ${DEFAULT-VALUE})")
  String truncation;

  @Option(names = "--relu", description = "ReLU and ReLU6: exact, or approx (the comparison on a reduced ring; the same real threshold for both protocols); default: exact for Jaguar, approx for Cheetah (OpenCheetah's own)")
  String relu;

  @Option(names = "--fc", defaultValue = "cheetah", description = "classifier: cheetah (HomFC, both protocols) or native (Jaguar only) (default: ${DEFAULT-VALUE})")
  String fc;

  @Option(names = "--output", defaultValue = "logits", description = "what the client learns: logits or label (two-party argmax) (default: ${DEFAULT-VALUE})")
  String output;

  @Option(names = "--T", defaultValue = "32", description = "Jaguar: t = 2^T (default: ${DEFAULT-VALUE})")
  int t;

  @Option(names = "--ell", defaultValue = "37", description = "Cheetah: the ring Z_2^ell (default: ${DEFAULT-VALUE})")
  int ell;

  @Option(names = "--f", defaultValue = "12", description = "fixed-point fractional bits (default: ${DEFAULT-VALUE})")
  int f;

  @Option(names = "--logN", description = "log2 of the ring degree (Jaguar 11, Cheetah 12); others need --insecure unless in the HE-standard table")
  Integer logN;

  @Option(names = "--ot", defaultValue = "ferret-2025", description = "OT backend: ferret-2025 (Ferret silent OT at emp-ot's 2025 LPN set, sized against current attacks), ferret (Ferret's 2020 set, as OpenCheetah; bootstrap set below 128 bits) or iknp (default: ${DEFAULT-VALUE})")
  String ot;

  @Option(names = "--radix", defaultValue = "3", description = "millionaire digit bits (default: ${DEFAULT-VALUE})")
  int radix;

  @Option(names = "--batch", defaultValue = "1048576", description = "elements per nonlinear protocol slice, at most 2^23 COTs' worth (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--threads", defaultValue = "1", description = "threads per party: its kernel threads, and the nonlinear sessions unless --mpc-threads says otherwise (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--mpc-threads", description = "independent two-party sessions (each its own connection and OT instance, roles alternating) every nonlinear batch is cut over, 1.." + InferenceConfig.MAX_MPC_THREADS + " (default: --threads)")
  Integer mpcThreads;

  @Option(names = "--pointwise", defaultValue = "cheetah",
      description = "Cheetah only: the engine of the 1x1 convolutions and the FC: cheetah (HomConv, HomFC) or rhombus (Rhombus's packed matrix products at N = 8192, who encrypts by layer) (default: ${DEFAULT-VALUE})")
  String pointwise;

  @Option(names = "--rhombus-logN", defaultValue = "13",
      description = "log2 of the Rhombus layers' ring degree: 13; 8..12 only with --insecure (tests) (default: ${DEFAULT-VALUE})")
  int rhombusLogN;

  @Option(names = "--insecure", description = "allow parameters outside the HE-standard table")
  boolean insecure;

  @Option(names = "--kernel-costs", defaultValue = "measured",
      description = "jaguar-hybrid's unit costs: measured (on this machine, at start) or N,ns_per_multiply_add,ns_per_ntt,ns_per_pointwise,ns_per_crt_coefficient (pinned) (default: ${DEFAULT-VALUE})")
  String kernelCosts;

  /** The config these options describe, with the given verify mode. */
  InferenceConfig config(VerifyMode verify) {
    Protocol p = parse("--protocol", protocol, () -> Protocol.parse(protocol));
    try {
      InferenceConfig c = InferenceConfig.defaults(p);
      if (conv != null) {
        c = c.withConv(ConvProtocol.parse(conv));
      }
      c = c.withTruncation(TruncationMode.parse(truncation)).withRelu(relu == null ? c.relu() : InferenceConfig.parseRelu(relu)).withFc(FcBackend.parse(fc)).withOutput(OutputPolicy.parse(output))
          .withRing(p == Protocol.JAGUAR ? t : ell, f).withOt(otKind()).withBatch(batch).withThreads(threads)
          .withMpcThreads(mpcThreads != null ? mpcThreads : Math.min(threads, InferenceConfig.MAX_MPC_THREADS))
          .withVerify(verify).withInsecure(insecure);
      return c.withRadix(radix).withLogN(logN != null ? logN : c.logN()).withPointwise(Pointwise.parse(pointwise))
          .withRhombusLogN(rhombusLogN);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** The OT backend, its security warning (if any) printed to stderr. */
  private OtKind otKind() {
    OtKind k = OtKind.of(ot);
    if (k.securityWarning() != null) {
      System.err.println("warning: " + k.securityWarning());
    }
    return k;
  }

  /** The kernel costs jaguar-hybrid plans with. */
  KernelCosts costs() {
    if (kernelCosts.equals("measured")) {
      return KernelCosts.machine();
    }
    String[] v = kernelCosts.split(",");
    try {
      if (v.length != 5) {
        throw new NumberFormatException("5 numbers");
      }
      return new KernelCosts(Integer.parseInt(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
          Double.parseDouble(v[3]), Double.parseDouble(v[4]));
    } catch (NumberFormatException e) {
      throw new BadInputException("--kernel-costs", kernelCosts, "measured or N,ns_per_multiply_add,ns_per_ntt,ns_per_pointwise,ns_per_crt_coefficient");
    }
  }

  private static <T> T parse(String option, String value, java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (ParameterException e) {
      throw new BadInputException(option + ": " + e.getMessage());
    }
  }
}
