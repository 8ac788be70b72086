package jaguar.share;

/**
 * What the server's side of an export produces: the serialized message for the client (its
 * length is the byte count) and the server's own shares, in layout order, in [0, 2^shareBits).
 */
public record ServerExport(byte[] message, long[] shares) {}
