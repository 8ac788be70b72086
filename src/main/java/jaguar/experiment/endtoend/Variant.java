package jaguar.experiment.endtoend;

import jaguar.conv.ConvProtocol;
import jaguar.protocol.FcBackend;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.Pointwise;
import jaguar.protocol.Protocol;
import java.util.Arrays;
import java.util.List;

/**
 * The protocol variants an end-to-end run compares, each with its conv engine, classifier and ReLU
 * named: Jaguar with pure SPA-Conv (the paper's kernel) or the per-layer hybrid, with Cheetah's
 * HomFC (as the paper) or the native FC; Cheetah with OpenCheetah's schedule (what the paper
 * measured) or the NTT-amortised one; Rhombus as RhombusEnd2End runs it (Cheetah's pipeline with
 * every pointwise convolution and the classifier as Rhombus's packed matrix products at N = 8192,
 * the other convolutions on OpenCheetah's schedule) or with the NTT-amortised schedule for those.
 * The ReLU (exact, or approximate on a reduced ring) is the run's setting, the same for every
 * variant.
 */
enum Variant {
  JAGUAR("jaguar", Protocol.JAGUAR, ConvProtocol.JAGUAR, FcBackend.CHEETAH),
  JAGUAR_HYBRID("jaguar-hybrid", Protocol.JAGUAR, ConvProtocol.JAGUAR_HYBRID, FcBackend.CHEETAH),
  JAGUAR_NATIVE_FC("jaguar-native-fc", Protocol.JAGUAR, ConvProtocol.JAGUAR, FcBackend.NATIVE),
  JAGUAR_HYBRID_NATIVE_FC("jaguar-hybrid-native-fc", Protocol.JAGUAR, ConvProtocol.JAGUAR_HYBRID, FcBackend.NATIVE),
  CHEETAH("cheetah", Protocol.CHEETAH, ConvProtocol.CHEETAH, FcBackend.CHEETAH),
  CHEETAH_NTT("cheetah-ntt", Protocol.CHEETAH, ConvProtocol.CHEETAH_NTT, FcBackend.CHEETAH),
  RHOMBUS("rhombus", Protocol.CHEETAH, ConvProtocol.CHEETAH, FcBackend.CHEETAH, Pointwise.RHOMBUS),
  RHOMBUS_NTT("rhombus-ntt", Protocol.CHEETAH, ConvProtocol.CHEETAH_NTT, FcBackend.CHEETAH, Pointwise.RHOMBUS);

  private final String label;
  private final Protocol protocol;
  private final ConvProtocol conv;
  private final FcBackend fc;
  private final Pointwise pointwise;

  Variant(String label, Protocol protocol, ConvProtocol conv, FcBackend fc) {
    this(label, protocol, conv, fc, Pointwise.CHEETAH);
  }

  Variant(String label, Protocol protocol, ConvProtocol conv, FcBackend fc, Pointwise pointwise) {
    this.label = label;
    this.protocol = protocol;
    this.conv = conv;
    this.fc = fc;
    this.pointwise = pointwise;
  }

  String label() {
    return label;
  }

  Protocol protocol() {
    return protocol;
  }

  ConvProtocol conv() {
    return conv;
  }

  FcBackend fc() {
    return fc;
  }

  /** The conv engine as the results name it: Rhombus's pointwise layers beside the others' engine. */
  String convLabel() {
    return pointwise == Pointwise.RHOMBUS ? conv.label() + "+rhombus" : conv.label();
  }

  /** The classifier's engine as the results name it. */
  String fcLabel() {
    return pointwise == Pointwise.RHOMBUS ? pointwise.label() : fc.label();
  }

  /** Whether it is one of the baselines (speedups are over these). */
  boolean baseline() {
    return protocol == Protocol.CHEETAH;
  }

  /** The config of this variant on top of the protocol's defaults, with the run's ReLU. */
  InferenceConfig config(jaguar.nn.FixedPointSpec.Relu relu) {
    return InferenceConfig.defaults(protocol).withConv(conv).withFc(fc).withPointwise(pointwise).withRelu(relu);
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(Variant::label).toList();
  }

  static Variant of(String label) {
    for (Variant v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown protocol variant '" + label + "'; valid: " + String.join(", ", labels()));
  }
}
