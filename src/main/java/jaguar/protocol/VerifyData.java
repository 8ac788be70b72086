package jaguar.protocol;

import java.util.Map;

/**
 * What verify mode reveals to the client after a run (never in a real run): per truncating node,
 * both parties' bits that decide each borrow; the logits (also under the label policy); and, in
 * verify layers, both parties' shares of every node.
 */
public record VerifyData(
    Map<Integer, long[]> clientTruncation, Map<Integer, long[]> serverTruncation, long[] logits,
    Map<Integer, long[]> clientLayers, Map<Integer, long[]> serverLayers) {}
