package jaguar.protocol;

import jaguar.conv.ConvProtocol;
import jaguar.he.ParameterException;
import jaguar.he.pow2.Pow2Params;
import jaguar.he.pow2.Pow2Spec;
import jaguar.he.rns.RnsParams;
import jaguar.he.rns.RnsSpec;
import jaguar.mpc.MpcParty;
import jaguar.mpc.ot.OtKind;
import jaguar.nn.FixedPointSpec;
import jaguar.share.TruncationMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything both parties of a secure inference must agree on, apart from the model and the
 * per-layer plans: which protocol, its engines and rings, the output policy and the OT backend.
 * Public (the server states it in the handshake; the client checks it). Validated on construction.
 *
 * @param protocol Jaguar (power-of-two BFV, truncation under HE) or Cheetah (OpenCheetah's flow)
 * @param conv the convolution engine: jaguar, jaguar-ntt or jaguar-hybrid for Jaguar; cheetah
 *     (OpenCheetah's schedule) or cheetah-ntt for Cheetah
 * @param truncation Jaguar's truncation under HE (private by default; exact leaks the low bits)
 * @param relu exact, or approx: every ReLU's and ReLU6's comparison on a reduced ring
 *     ({@link FixedPointSpec#reduction}; OpenCheetah's own ReLU since 2023), the same real-valued
 *     threshold for both protocols
 * @param fc the classifier's engine: cheetah (HomFC over RNS BFV, as the paper runs it for both
 *     protocols) or native (Jaguar only: the matrix-vector product in Z_{2^54} by the exact CRT-NTT
 *     product, truncated under HE)
 * @param output logits (the client learns them, as OpenCheetah) or label (a two-party argmax: the
 *     client learns the top-1 class only)
 * @param ringBits Jaguar: T, the plaintext modulus 2^T of linear layers; Cheetah: ell
 * @param fracBits f, fixed-point fractional bits
 * @param logN log2 of the ring degree of the protocol's own scheme: 11 for Jaguar (N = 2048, q =
 *     2^54), 12 for Cheetah (N = 4096, 109-bit q); another value only with {@code insecure} when it
 *     leaves the HE-standard table (Jaguar's classifier through HomFC always runs at N = 4096)
 * @param ot the OT backend of the nonlinear protocols
 * @param radix millionaire digit bits
 * @param batch elements per nonlinear protocol slice
 * @param threads kernel threads per party
 * @param mpcThreads the nonlinear protocols' sessions: every batch is cut over this many
 *     independent two-party sessions, each on its own connection with its own OT instance, roles
 *     alternating ({@link jaguar.mpc.MpcGroup}), as OpenCheetah runs its threads; stated by the
 *     server
 * @param verify what the server reveals after the run so the client can check it: none (a real
 *     run), final (truncation borrows and logits: drives the reference bit for bit) or layers
 *     (also every layer's shares: names the first layer that disagrees). Anything but none is
 *     INSECURE for the server's model.
 * @param insecure allow HE parameters outside the HE-standard table
 * @param pointwise Cheetah only: the engine of its pointwise layers and classifier, cheetah
 *     (HomConv, HomFC) or rhombus (Rhombus's packed matrix products, {@link #rhombus})
 * @param rhombusLogN log2 of the ring degree of the Rhombus layers: 13 (N = 8192, 50 + 50-bit
 *     primes); 8..13 only with {@code insecure} (tests)
 */
public record InferenceConfig(
    Protocol protocol,
    ConvProtocol conv,
    TruncationMode truncation,
    FixedPointSpec.Relu relu,
    FcBackend fc,
    OutputPolicy output,
    int ringBits,
    int fracBits,
    int logN,
    OtKind ot,
    int radix,
    int batch,
    int threads,
    int mpcThreads,
    VerifyMode verify,
    boolean insecure,
    Pointwise pointwise,
    int rhombusLogN) {

  /** Validated parameters per spec (validating RNS parameters generates primes and NTT tables). */
  private static final Map<Pow2Spec, Pow2Params> POW2 = new java.util.concurrent.ConcurrentHashMap<>();

  private static final Map<RnsSpec, RnsParams> RNS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Elements per nonlinear slice: a whole layer where its COTs fit {@link MpcParty#SLICE_COTS}
   * (every slice costs the protocol's rounds once, so fewer slices mean fewer rounds).
   */
  public static final int DEFAULT_BATCH = 1 << 20;

  /** The protocol version both parties must speak (the handshake's first field). */
  public static final String VERSION = "jaguar-protocol/2";

  /** Most nonlinear sessions (connections) per inference. */
  public static final int MAX_MPC_THREADS = 16;

  /** The Rhombus layers' ring degree, 2^13 (RhombusEnd2End's). */
  public static final int RHOMBUS_LOG_N = 13;

  /** The Rhombus layers' ciphertext primes (a 60-bit special prime is added for key switching). */
  public static final java.util.List<Integer> RHOMBUS_PRIMES = java.util.List.of(50, 50);

  private static final Map<RnsSpec, jaguar.he.rns.RnsKeySwitch> RHOMBUS = new java.util.concurrent.ConcurrentHashMap<>();

  public InferenceConfig {
    if (protocol == null || conv == null || truncation == null || relu == null || fc == null || output == null || ot == null || verify == null) {
      throw new IllegalArgumentException("inference config: every field is required");
    }
    if (protocol == Protocol.JAGUAR && !conv.powerOfTwo()) {
      throw ParameterException.of("conv", conv.label(), "jaguar, jaguar-ntt or jaguar-hybrid for protocol jaguar");
    }
    if (protocol == Protocol.CHEETAH && conv.powerOfTwo()) {
      throw ParameterException.of("conv", conv.label(), "cheetah or cheetah-ntt for protocol cheetah");
    }
    if (protocol == Protocol.CHEETAH && fc != FcBackend.CHEETAH) {
      throw ParameterException.of("fc", fc.label(), "cheetah (the native FC is Jaguar's)");
    }
    if (pointwise == null) {
      throw new IllegalArgumentException("inference config: every field is required");
    }
    if (pointwise == Pointwise.RHOMBUS && protocol != Protocol.CHEETAH) {
      throw ParameterException.of("pointwise", pointwise.label(), "cheetah (rhombus replaces Cheetah's pointwise layers: protocol cheetah only)");
    }
    if (rhombusLogN < 8 || rhombusLogN > RHOMBUS_LOG_N) {
      throw ParameterException.of("rhombus.logN", rhombusLogN, RHOMBUS_LOG_N + " (8.." + RHOMBUS_LOG_N + " with insecure)");
    }
    if (rhombusLogN != RHOMBUS_LOG_N && !insecure) {
      throw ParameterException.of("insecure", false, "true for rhombus.logN " + rhombusLogN + " (the design fixes " + RHOMBUS_LOG_N
          + "; smaller rings are for tests)");
    }
    if (radix < 1 || radix > 8) {
      throw ParameterException.of("radix", radix, "1..8");
    }
    if (batch < 1 || batch > 1 << 24) {
      throw ParameterException.of("batch", batch, "1.." + (1 << 24));
    }
    if (threads < 1 || threads > 256) {
      throw ParameterException.of("threads", threads, "1..256");
    }
    if (mpcThreads < 1 || mpcThreads > MAX_MPC_THREADS) {
      throw ParameterException.of("mpc_threads", mpcThreads, "1.." + MAX_MPC_THREADS);
    }
    if (protocol == Protocol.JAGUAR && (ringBits < 16 || ringBits > 40)) {
      throw ParameterException.of("T", ringBits, "16..40 (t = 2^T; T + f must leave room for the noise at q = 2^54)");
    }
    if (protocol == Protocol.CHEETAH && (ringBits < 16 || ringBits > 50)) {
      throw ParameterException.of("ell", ringBits, "16..50");
    }
    if (fracBits < 1 || ringBits - fracBits < 5 || (protocol == Protocol.CHEETAH && 2 * fracBits + 4 > ringBits)) {
      throw ParameterException.of("f", fracBits, "1.." + (protocol == Protocol.CHEETAH ? (ringBits - 4) / 2 : ringBits - 5)
          + " (a product at scale 2f must fit the ring)");
    }
    if (logN < 8 || logN > 15) {
      throw ParameterException.of("logN", logN, "8..15");
    }
    fixedPoint(protocol, ringBits, fracBits, truncation); // the reference's own checks
    if (protocol == Protocol.JAGUAR) {
      pow2(logN, ringBits, insecure);
    }
    rns(protocol, fc, logN, ringBits, insecure);
  }

  private static FixedPointSpec fixedPoint(Protocol p, int bits, int f, TruncationMode t) {
    return p == Protocol.JAGUAR
        ? FixedPointSpec.jaguar(bits, f, t == TruncationMode.EXACT ? FixedPointSpec.Truncation.EXACT : FixedPointSpec.Truncation.PRIVATE)
        : FixedPointSpec.cheetah(bits, f);
  }

  /** Jaguar's defaults: jaguar-hybrid, private truncation, exact ReLU, the paper's FC, T = 32, f = 12. */
  public static InferenceConfig jaguar() {
    return new InferenceConfig(Protocol.JAGUAR, ConvProtocol.JAGUAR_HYBRID, TruncationMode.PRIVATE, FixedPointSpec.Relu.EXACT, FcBackend.CHEETAH,
        OutputPolicy.LOGITS, 32, 12, 11, OtKind.DEFAULT, MpcParty.DEFAULT_RADIX, DEFAULT_BATCH, 1, 1, VerifyMode.NONE, false, Pointwise.CHEETAH, RHOMBUS_LOG_N);
  }

  /**
   * Cheetah as OpenCheetah runs it: its schedule, ell = 37, f = 12, and its approximate ReLU (the
   * comparison on a reduced ring, its default since 2023).
   */
  public static InferenceConfig cheetah() {
    return new InferenceConfig(Protocol.CHEETAH, ConvProtocol.CHEETAH, TruncationMode.PRIVATE, FixedPointSpec.Relu.APPROX, FcBackend.CHEETAH,
        OutputPolicy.LOGITS, 37, 12, 12, OtKind.DEFAULT, MpcParty.DEFAULT_RADIX, DEFAULT_BATCH, 1, 1, VerifyMode.NONE, false, Pointwise.CHEETAH, RHOMBUS_LOG_N);
  }

  /** The defaults of a protocol. */
  public static InferenceConfig defaults(Protocol p) {
    return p == Protocol.JAGUAR ? jaguar() : cheetah();
  }

  public InferenceConfig withConv(ConvProtocol v) {
    return new InferenceConfig(protocol, v, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withTruncation(TruncationMode v) {
    return new InferenceConfig(protocol, conv, v, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withRelu(FixedPointSpec.Relu v) {
    return new InferenceConfig(protocol, conv, truncation, v, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withFc(FcBackend v) {
    return new InferenceConfig(protocol, conv, truncation, relu, v, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withOutput(OutputPolicy v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, v, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withRing(int bits, int f) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, bits, f, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withLogN(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, v, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withOt(OtKind v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, v, radix, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withRadix(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, v, batch, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withBatch(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, v, threads, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withThreads(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, v, mpcThreads, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withMpcThreads(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, v, verify, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withVerify(VerifyMode v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, v, insecure, pointwise, rhombusLogN);
  }

  public InferenceConfig withInsecure(boolean v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, v, pointwise, rhombusLogN);
  }

  public InferenceConfig withPointwise(Pointwise v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, v, rhombusLogN);
  }

  public InferenceConfig withRhombusLogN(int v) {
    return new InferenceConfig(protocol, conv, truncation, relu, fc, output, ringBits, fracBits, logN, ot, radix, batch, threads, mpcThreads, verify, insecure, pointwise, v);
  }

  /**
   * The key-switching context of the Rhombus layers (N = 2^rhombusLogN, 50 + 50-bit primes, t =
   * 2^ell, a 60-bit special prime); only for pointwise rhombus.
   */
  public jaguar.he.rns.RnsKeySwitch rhombus() {
    if (pointwise != Pointwise.RHOMBUS) {
      throw new IllegalStateException("pointwise " + pointwise.label() + " has no Rhombus context");
    }
    RnsSpec spec = new RnsSpec(rhombusLogN, RHOMBUS_PRIMES, ringBits, insecure);
    return RHOMBUS.computeIfAbsent(spec, sp -> jaguar.he.rns.RnsKeySwitch.of(sp.validate()));
  }

  /** The arithmetic the reference engine must reproduce ({@link jaguar.nn.FixedPointInference}). */
  public FixedPointSpec fixedPoint() {
    return fixedPoint(protocol, ringBits, fracBits, truncation).withRelu(relu, radix);
  }

  /** Ring bits of a layer's output shares: T - f for Jaguar, ell for Cheetah. */
  public int outputBits() {
    return protocol == Protocol.JAGUAR ? ringBits - fracBits : ringBits;
  }

  /** Jaguar's power-of-two BFV (N = 2048, q = 2^54, t = 2^T); only for protocol jaguar. */
  public Pow2Params pow2() {
    if (protocol != Protocol.JAGUAR) {
      throw new IllegalStateException("protocol cheetah has no power-of-two BFV");
    }
    return pow2(logN, ringBits, insecure);
  }

  private static Pow2Params pow2(int logN, int t, boolean insecure) {
    return POW2.computeIfAbsent(Pow2Spec.jaguar().withLogN(logN).withLogT(t).withInsecure(insecure), Pow2Spec::validate);
  }

  /**
   * The RNS BFV of the layers that run under it (N = 4096, 60 + 49-bit primes): every linear layer
   * of Cheetah (t = 2^ell), Jaguar's classifier with fc cheetah (t = 2^T); null if none does.
   */
  public RnsParams rns() {
    return rns(protocol, fc, logN, ringBits, insecure);
  }

  private static RnsParams rns(Protocol protocol, FcBackend fc, int logN, int t, boolean insecure) {
    if (protocol == Protocol.JAGUAR && fc == FcBackend.NATIVE) {
      return null;
    }
    RnsSpec spec = RnsSpec.cheetah().withLogT(t).withInsecure(insecure);
    return RNS.computeIfAbsent(protocol == Protocol.CHEETAH ? spec.withLogN(logN) : spec, RnsSpec::validate);
  }

  /** The fields the server states in the handshake, in order, each a short string. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("protocol", protocol.label());
    m.put("conv", conv.label());
    if (protocol == Protocol.JAGUAR) {
      Pow2Params p = pow2();
      m.put("truncation", truncation.label());
      m.put("pow2.logN", Integer.toString(logN));
      m.put("pow2.logq", Integer.toString(p.logQ()));
      m.put("T", Integer.toString(ringBits));
    } else {
      m.put("ell", Integer.toString(ringBits));
    }
    m.put("f", Integer.toString(fracBits));
    m.put("relu", relu.name().toLowerCase(Locale.ROOT));
    m.put("fc", fc.label());
    RnsParams r = rns();
    if (r != null) {
      m.put("rns.logN", Integer.toString(Integer.numberOfTrailingZeros(r.degree())));
      m.put("rns.primes", r.spec().primeBits().toString().replace(" ", ""));
      m.put("rns.logt", Integer.toString(r.logT()));
    }
    if (pointwise == Pointwise.RHOMBUS) { // stated only when not the default: Cheetah's lines are unchanged
      m.put("pointwise", pointwise.label());
      m.put("rhombus.logN", Integer.toString(rhombusLogN));
      m.put("rhombus.primes", RHOMBUS_PRIMES.toString().replace(" ", ""));
    }
    m.put("output", output.label());
    m.put("ot", ot.id());
    m.put("radix", Integer.toString(radix));
    m.put("batch", Integer.toString(batch));
    m.put("mpc_threads", Integer.toString(mpcThreads));
    m.put("verify", verify.label());
    m.put("insecure", Boolean.toString(insecure));
    return m;
  }

  /**
   * The config a server stated, from its fields (the client's side of the handshake); threads are
   * each party's own choice and come from {@code threads}.
   *
   * @throws ParameterException naming a missing or invalid field
   */
  public static InferenceConfig fromFields(Map<String, String> f, int threads) {
    Protocol p = Protocol.parse(need(f, "protocol"));
    int bits = integer(f, p == Protocol.JAGUAR ? "T" : "ell");
    InferenceConfig c = new InferenceConfig(
        p, parseConv(need(f, "conv")),
        p == Protocol.JAGUAR ? TruncationMode.parse(need(f, "truncation")) : TruncationMode.PRIVATE, parseRelu(need(f, "relu")),
        FcBackend.parse(need(f, "fc")), OutputPolicy.parse(need(f, "output")), bits, integer(f, "f"),
        integer(f, p == Protocol.JAGUAR ? "pow2.logN" : "rns.logN"), parseOt(need(f, "ot")), integer(f, "radix"), integer(f, "batch"), threads,
        integer(f, "mpc_threads"), VerifyMode.parse(need(f, "verify")),
        Boolean.parseBoolean(need(f, "insecure")),
        f.containsKey("pointwise") ? Pointwise.parse(f.get("pointwise")) : Pointwise.CHEETAH,
        f.containsKey("rhombus.logN") ? integer(f, "rhombus.logN") : RHOMBUS_LOG_N);
    Map<String, String> back = c.fields();
    for (Map.Entry<String, String> e : back.entrySet()) {
      if (!e.getValue().equals(f.get(e.getKey()))) {
        throw ParameterException.of(e.getKey(), f.get(e.getKey()), e.getValue() + " (what the other fields imply)");
      }
    }
    return c;
  }

  /** Parses exact|approx. */
  public static FixedPointSpec.Relu parseRelu(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "exact" -> FixedPointSpec.Relu.EXACT;
      case "approx" -> FixedPointSpec.Relu.APPROX;
      default -> throw ParameterException.of("relu", s, "exact, approx");
    };
  }

  private static ConvProtocol parseConv(String s) {
    try {
      return ConvProtocol.parse(s);
    } catch (IllegalArgumentException e) {
      throw ParameterException.of("conv", s, "jaguar, jaguar-ntt, jaguar-hybrid, cheetah, cheetah-ntt");
    }
  }

  private static OtKind parseOt(String s) {
    try {
      return OtKind.of(s);
    } catch (IllegalArgumentException e) {
      throw ParameterException.of("ot", s, String.join(", ", OtKind.ids()));
    }
  }

  private static String need(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null) {
      throw ParameterException.of(key, "(missing)", "a value");
    }
    return v;
  }

  private static int integer(Map<String, String> f, String key) {
    String v = need(f, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ParameterException.of(key, v, "an integer");
    }
  }

  /** A one-line label, e.g. {@code jaguar conv=jaguar-hybrid T=32 f=12 private fc=cheetah logits}. */
  public String label() {
    return protocol == Protocol.JAGUAR
        ? String.format(Locale.ROOT, "jaguar conv=%s T=%d f=%d truncation=%s relu=%s fc=%s output=%s ot=%s",
            conv.label(), ringBits, fracBits, truncation.label(), relu.name().toLowerCase(Locale.ROOT), fc.label(), output.label(), ot.id())
        : String.format(Locale.ROOT, "cheetah conv=%s ell=%d f=%d relu=%s fc=%s output=%s ot=%s",
            conv.label(), ringBits, fracBits, relu.name().toLowerCase(Locale.ROOT), fc.label(), output.label(), ot.id())
            + (pointwise == Pointwise.RHOMBUS ? " pointwise=rhombus" : "");
  }
}
