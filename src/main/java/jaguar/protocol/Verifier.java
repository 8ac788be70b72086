package jaguar.protocol;

import jaguar.mpc.Ring;
import jaguar.nn.FixedPointInference;
import jaguar.nn.FixedPointSpec;
import jaguar.nn.ReluDecisions;
import jaguar.nn.TruncationErrors;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a verify-mode run against the reference engine bit for bit (spec section 10; the server
 * runs it at the end of the session, on what the client revealed of its side): the borrows
 * of every truncation the run made are reconstructed from what both parties revealed (a borrow is
 * the carry of the bits the truncation drops: of Jaguar's decoded phase and mask below Delta', of
 * the two shares below 2^f for the two-party truncation), the reference is driven by exactly those ({@link TruncationErrors#supplied}),
 * and its logits must equal the run's; in verify layers every node's reconstructed value is
 * compared too, and the first layer that disagrees is named with by how much.
 */
public final class Verifier {
  private Verifier() {}

  /**
   * The verdict of one image.
   *
   * @param logitMismatches logits that differ from the reference's
   * @param truncationErrors truncations that came out one less (the borrows the run made)
   * @param firstLayer the first node whose value differs (verify layers), or null
   */
  public record Result(
      int logitMismatches, int label, int referenceLabel, long truncationErrors, long overflows, String firstLayer,
      long firstLayerMismatches, long firstLayerMaxError) {
    public boolean ok() {
      return logitMismatches == 0 && label == referenceLabel && firstLayer == null;
    }

    /** One line of key=value fields (what the server sends the client), read back by {@link #parse}. */
    public String encode() {
      return String.format(Locale.ROOT, "logit_mismatches=%d label=%d reference_label=%d borrows=%d overflows=%d first_bad_layer=%s first_bad_count=%d first_bad_max=%d",
          logitMismatches, label, referenceLabel, truncationErrors, overflows, firstLayer == null ? "-" : firstLayer,
          firstLayerMismatches, firstLayerMaxError);
    }

    /**
     * @throws IllegalArgumentException if the line is not one {@link #encode} wrote
     */
    public static Result parse(String line) {
      Map<String, String> f = new HashMap<>();
      for (String kv : line.trim().split(" ")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("verdict: field '" + kv + "' is not key=value");
        }
        f.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      try {
        String first = f.get("first_bad_layer");
        return new Result(Integer.parseInt(f.get("logit_mismatches")), Integer.parseInt(f.get("label")),
            Integer.parseInt(f.get("reference_label")), Long.parseLong(f.get("borrows")), Long.parseLong(f.get("overflows")),
            "-".equals(first) ? null : first, Long.parseLong(f.get("first_bad_count")), Long.parseLong(f.get("first_bad_max")));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("verdict: '" + line + "' does not parse: " + e.getMessage(), e);
      }
    }

    public String describe() {
      return String.format(Locale.ROOT, "logit_mismatches=%d top1=%d reference_top1=%d borrows=%d overflows=%d%s",
          logitMismatches, label, referenceLabel, truncationErrors, overflows,
          firstLayer == null ? "" : " first_bad_layer=" + firstLayer + " (" + firstLayerMismatches
              + " values differ, by up to " + firstLayerMaxError + ")");
    }
  }

  /**
   * Runs the reference on the run's image with the run's borrows and compares with what both
   * parties revealed ({@code v}) and the label the client output.
   */
  public static Result check(FixedPointInference reference, NetworkPlan plan, float[] image, VerifyData v, int label) {
    InferenceConfig cfg = plan.config();
    int heShift = cfg.protocol() == Protocol.JAGUAR ? Boundaries.jaguar(cfg).decodeShift() : 0;
    Map<Integer, byte[]> errors = new HashMap<>();
    long borrows = 0;
    for (Map.Entry<Integer, long[]> e : v.clientTruncation().entrySet()) {
      int node = e.getKey();
      LinearPlan lp = plan.linear(node);
      int bits = cfg.protocol() == Protocol.JAGUAR && lp != null && !lp.rns() ? heShift : cfg.fracBits();
      long[] c = e.getValue();
      long[] s = v.serverTruncation().get(node);
      long low = (1L << bits) - 1;
      byte[] b = new byte[c.length];
      for (int i = 0; i < c.length; i++) {
        b[i] = (byte) (((c[i] & low) + (s[i] & low)) >>> bits != 0 ? 1 : 0);
        borrows += b[i];
      }
      errors.put(node, b);
    }
    Map<Integer, long[]> seen = new HashMap<>();
    boolean layers = !v.clientLayers().isEmpty();
    Map<Integer, byte[]> decided = new HashMap<>();
    v.clientRelu().forEach((node, c) -> {
      byte[] s = v.serverRelu().get(node);
      byte[] d = new byte[c.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (byte) (c[i] ^ s[i]);
      }
      decided.put(node, d);
    });
    ReluDecisions relu = cfg.relu() == FixedPointSpec.Relu.EXACT ? ReluDecisions.exact() : ReluDecisions.supplied(decided);
    FixedPointInference.Result r = reference.run(image, TruncationErrors.supplied(errors), relu,
        layers ? (id, values) -> seen.put(id, values.clone()) : null);
    int mismatches = 0;
    long[] logits = v.logits();
    for (int i = 0; i < logits.length; i++) {
      mismatches += logits[i] != r.logits()[i] ? 1 : 0;
    }
    String first = null;
    long firstCount = 0;
    long firstMax = 0;
    for (Map.Entry<Integer, long[]> e : v.clientLayers().entrySet()) {
      int node = e.getKey();
      int bits = plan.bits(node);
      long[] c = e.getValue();
      long[] s = v.serverLayers().get(node);
      long[] ref = seen.get(node);
      long count = 0;
      long max = 0;
      for (int i = 0; i < c.length; i++) {
        long d = Math.abs(Ring.signed(c[i] + s[i], bits) - ref[i]);
        if (d != 0) {
          count++;
          max = Math.max(max, d);
        }
      }
      if (count > 0) {
        String name = plan.model().node(node).layer().name();
        first = (name.isEmpty() ? plan.model().node(node).layer().getClass().getSimpleName().toLowerCase(Locale.ROOT) : name) + "@" + node;
        firstCount = count;
        firstMax = max;
        break;
      }
    }
    return new Result(mismatches, label, r.top1(), borrows, r.overflows(), first, firstCount, firstMax);
  }
}
