package jaguar.net;

/**
 * A piece of one party's outgoing byte stream as the transport carries it: {@code length} bytes of
 * {@code data} (which holds whole or partial messages), the sender's round stamp, and the earliest
 * {@link System#nanoTime()} at which the receiver may read it (0 without emulation).
 */
record Chunk(byte[] data, int length, long round, long notBefore) {}
