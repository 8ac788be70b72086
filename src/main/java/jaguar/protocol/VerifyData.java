package jaguar.protocol;

import java.util.Map;

/**
 * What verify mode reveals after a run (never in a real run), gathered at the server: per
 * truncating node, both parties' observations that decide each borrow ({@link LinearLayer}); the
 * logits (also under the label policy); in verify layers, both parties' shares of every node; with
 * approximate ReLUs, both parties' boolean shares of every activation's decisions.
 */
public record VerifyData(
    Map<Integer, long[]> clientTruncation, Map<Integer, long[]> serverTruncation, long[] logits,
    Map<Integer, long[]> clientLayers, Map<Integer, long[]> serverLayers, Map<Integer, byte[]> clientRelu,
    Map<Integer, byte[]> serverRelu) {
  /** Without approximate ReLUs. */
  public VerifyData(Map<Integer, long[]> clientTruncation, Map<Integer, long[]> serverTruncation, long[] logits,
      Map<Integer, long[]> clientLayers, Map<Integer, long[]> serverLayers) {
    this(clientTruncation, serverTruncation, logits, clientLayers, serverLayers, Map.of(), Map.of());
  }
}
