package jaguar.protocol;

import jaguar.conv.ConvPacking;
import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.MatVecPlan;
import jaguar.he.ParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one linear layer runs under HE, as the server planned it and both parties use it: which
 * scheme, how the client packs its share into input ciphertexts, and what each export message
 * carries ({@link ExportRange}s, in order). Public; the server sends it as one line ({@link
 * #encode}) and the client rebuilds it ({@link #decode}), validating every number against the
 * layer's shape before anything is allocated.
 */
public sealed interface LinearPlan {
  /** Bytes an NTT kernel may hold for one range of output channels (its filters and outputs). */
  long RANGE_BYTES = 64L << 20;

  /** The model node this plan runs. */
  int node();

  /** Whether the layer runs under RNS BFV (Cheetah's scheme) rather than the power-of-two one. */
  boolean rns();

  /** Ring degree N of the layer's ciphertexts. */
  int degree();

  /** Input ciphertexts the client uploads. */
  int ciphertextsIn();

  /** The messages of the input ciphertexts packing {@code input} (the layer's input tensor). */
  long[][] inputMessages(long[] input);

  /** The export messages, in order. */
  List<ExportRange> ranges();

  /** Entries of the output tensor. */
  int outputSize();

  /** Output ciphertexts with at least one exported value (each takes one encryption of zero in Jaguar). */
  default int exportedCiphertexts() {
    int n = 0;
    for (ExportRange r : ranges()) {
      for (int g = 0; g < r.layout().ciphertexts(); g++) {
        n += r.layout().coefficients(g).length > 0 ? 1 : 0;
      }
    }
    return n;
  }

  /** The bias entry of output-tensor entry {@code index}, or -1 when the layer has no bias. */
  int biasIndex(int index);

  /** The kernel, for reports ({@code jaguar-ntt polyphase}, {@code cheetah}, {@code fc native}). */
  String engine();

  /** The plan as one line of {@code key=value} fields. */
  String encode();

  /** A convolution: the conv plan (the kernel it names) and its ranges of output channels. */
  record Conv(int node, boolean rns, ConvPlan plan, int channelsPerRange, List<ExportRange> ranges) implements LinearPlan {
    /** The plan of a conv node with ranges of at most {@code channelsPerRange} output channels. */
    public static Conv of(int node, ConvPlan plan, int channelsPerRange) {
      int co = plan.shape().co();
      if (channelsPerRange < 1 || channelsPerRange > co) {
        throw ParameterException.of("plan node " + node + " range", channelsPerRange, "1.." + co + " output channels");
      }
      List<ExportRange> ranges = new ArrayList<>();
      for (int from = 0; from < co; from += channelsPerRange) {
        ranges.add(ExportRange.of(plan, from, Math.min(co, from + channelsPerRange)));
      }
      return new Conv(node, !plan.protocol().powerOfTwo(), plan, channelsPerRange, List.copyOf(ranges));
    }

    /**
     * A plan whose ranges cover only output channels [0, channels) (experiments that measure a
     * prefix of a large layer: every output ciphertext is exported on its own, so a prefix checks
     * every geometry); the other outputs are not computed.
     */
    public static Conv prefix(int node, ConvPlan plan, int channelsPerRange, int channels) {
      Conv all = of(node, plan, channelsPerRange);
      List<ExportRange> ranges = new ArrayList<>();
      for (ExportRange r : all.ranges()) {
        if (r.from() < channels) {
          ranges.add(r.to() <= channels ? r : ExportRange.of(plan, r.from(), channels));
        }
      }
      return new Conv(node, all.rns(), plan, channelsPerRange, List.copyOf(ranges));
    }

    /** Output channels per range that keep one range's kernel within {@link #RANGE_BYTES}. */
    public static int channelsPerRange(ConvPlan plan, int limbs) {
      long ct = 2L * limbs * plan.degree() * Long.BYTES;
      long perChannel = plan.tiles() * ct;
      boolean ntt = plan.protocol() == ConvProtocol.JAGUAR_NTT || plan.protocol() == ConvProtocol.CHEETAH_NTT;
      if (ntt) {
        long stored = plan.products() - (plan.protocol() == ConvProtocol.CHEETAH_NTT ? plan.monomialProducts() : 0);
        long blocks = (stored + plan.shape().co() - 1) / plan.shape().co() / plan.tiles();
        perChannel += blocks * ct; // transformed filters: two primes (Jaguar) or L limbs, per block
      }
      return (int) Math.max(1, Math.min(plan.shape().co(), RANGE_BYTES / perChannel));
    }

    @Override
    public int degree() {
      return plan.degree();
    }

    @Override
    public int ciphertextsIn() {
      return plan.ciphertextsIn();
    }

    @Override
    public long[][] inputMessages(long[] input) {
      return ConvPacking.inputMessages(plan, input);
    }

    @Override
    public int outputSize() {
      return plan.layerShape().outputSize();
    }

    @Override
    public int biasIndex(int index) {
      ConvShape s = plan.layerShape();
      return index / (s.outH() * s.outW());
    }

    @Override
    public String engine() {
      return plan.protocol().label() + (plan.spaC0() ? " (c0 by SPA)" : "") + (plan.polyphase() ? " polyphase" : "");
    }

    @Override
    public String encode() {
      return String.format(Locale.ROOT, "conv node=%d kernel=%s form=%s cw=%d hw=%d ww=%d spa_c0=%b range=%d",
          node, plan.protocol().label(), plan.polyphase() ? "polyphase" : "direct", plan.blockChannels(),
          plan.blockRows(), plan.blockCols(), plan.spaC0(), channelsPerRange);
    }
  }

  /** A fully connected layer as a packed matrix-vector product ({@link MatVecPlan}). */
  record MatVec(int node, boolean rns, MatVecPlan plan, ExportRange range) implements LinearPlan {
    public static MatVec of(int node, boolean rns, MatVecPlan plan) {
      return new MatVec(node, rns, plan, ExportRange.of(plan));
    }

    @Override
    public int degree() {
      return plan.degree();
    }

    @Override
    public int ciphertextsIn() {
      return plan.ciphertextsIn();
    }

    @Override
    public long[][] inputMessages(long[] input) {
      return plan.inputMessages(input);
    }

    @Override
    public List<ExportRange> ranges() {
      return List.of(range);
    }

    @Override
    public int outputSize() {
      return plan.outputs();
    }

    @Override
    public int biasIndex(int index) {
      return index;
    }

    @Override
    public String engine() {
      return rns ? "fc cheetah" : "fc native";
    }

    @Override
    public String encode() {
      return String.format(Locale.ROOT, "fc node=%d scheme=%s ni=%d no=%d", node, rns ? "rns" : "pow2",
          plan.blockInputs(), plan.blockRows());
    }
  }

  /**
   * Values the parties computed locally (Jaguar's global average pooling: each party sums its own
   * share), packed densely and sent through the power-of-two export only to be truncated under HE:
   * no kernel, no bias.
   */
  record Dense(int node, int values, int degree, ExportRange range) implements LinearPlan {
    public static Dense of(int node, int values, int degree) {
      return new Dense(node, values, degree, ExportRange.dense(values, degree));
    }

    @Override
    public boolean rns() {
      return false;
    }

    @Override
    public int ciphertextsIn() {
      return range.layout().ciphertexts();
    }

    @Override
    public long[][] inputMessages(long[] input) {
      if (input.length != values) {
        throw new IllegalArgumentException("input has " + input.length + " entries, the layer needs " + values);
      }
      long[][] out = new long[ciphertextsIn()][degree];
      for (int i = 0; i < values; i++) {
        out[i / degree][i % degree] = input[i];
      }
      return out;
    }

    @Override
    public List<ExportRange> ranges() {
      return List.of(range);
    }

    @Override
    public int outputSize() {
      return values;
    }

    @Override
    public int biasIndex(int index) {
      return -1;
    }

    @Override
    public String engine() {
      return "truncation under HE";
    }

    @Override
    public String encode() {
      return String.format(Locale.ROOT, "dense node=%d values=%d", node, values);
    }
  }

  /**
   * A pointwise layer (1 x 1 convolution, or the classifier as one) by Rhombus's packed matrix
   * products ({@link RhombusLayer}): the who-encrypts rule is stated ({@code encryptor}) and
   * checked by the client; nothing else is, every count following from the shape. It has no
   * Cheetah export ranges: the shares come from {@link jaguar.conv.RhombusPointwise}.
   */
  record Rhombus(int node, jaguar.conv.RhombusPointwise layer, int degree) implements LinearPlan {
    @Override
    public boolean rns() {
      return true;
    }

    @Override
    public int ciphertextsIn() {
      return layer.encryptor() == jaguar.conv.RhombusPointwise.Encryptor.CLIENT ? layer.clientToServer() : layer.serverToClient();
    }

    /** Not used: Rhombus encrypts through {@link jaguar.conv.RhombusPointwise#encrypt}. */
    @Override
    public long[][] inputMessages(long[] input) {
      throw new UnsupportedOperationException("node " + node + ": a Rhombus layer encrypts through RhombusPointwise");
    }

    @Override
    public List<ExportRange> ranges() {
      return List.of();
    }

    @Override
    public int outputSize() {
      return layer.shape().outputSize();
    }

    @Override
    public int biasIndex(int index) {
      return index / (layer.shape().outH() * layer.shape().outW());
    }

    @Override
    public String engine() {
      return "rhombus (" + encryptorLabel(layer.encryptor()) + " encrypts)";
    }

    @Override
    public String encode() {
      return String.format(Locale.ROOT, "rhombus node=%d encryptor=%s return_primes=%d", node,
          encryptorLabel(layer.encryptor()), layer.outputParams().limbs());
    }

    static String encryptorLabel(jaguar.conv.RhombusPointwise.Encryptor e) {
      return e == jaguar.conv.RhombusPointwise.Encryptor.CLIENT ? "client" : "server";
    }
  }

  /** Parses the {@code key=value} fields of a plan line (after its kind word). */
  static Map<String, String> fields(String line) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    String[] parts = line.trim().split(" +");
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new ParameterException("plan line '" + line + "': field '" + parts[i] + "' is not key=value");
      }
      m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return m;
  }
}
