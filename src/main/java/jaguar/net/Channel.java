package jaguar.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * One party's end of a two-party connection: framed messages with byte, round and flight counts,
 * and optional network emulation. Not thread-safe: one party, one thread.
 *
 * <h2>Messages</h2>
 * Every {@code send} is one message: an 8-byte header (a 32-bit tag from the label, the payload
 * length) and the payload. {@code receive} names the label and length it expects; a message with
 * another label or length ends the protocol at once with a {@link ProtocolException} naming both,
 * as does a peer that closes the connection part-way ("peer closed the connection after 12 of 4096
 * bytes of message 'mux.ot'") or says nothing for the timeout. Bytes are counted with their
 * headers ({@link ChannelStats#bytesSent()}) and without ({@link ChannelStats#payloadSent()}).
 *
 * <h2>Flush rule</h2>
 * Sends are buffered and leave in chunks of at most {@value #CHUNK_BYTES} bytes: when the buffer is
 * full, on {@link #flush()}, and always before a {@code receive} (so a party never waits for an
 * answer to a question it has not sent yet). Chunking and flushing never change the counts below.
 *
 * <h2>Flights and rounds</h2>
 * A <em>flight</em> starts when a party sends after it has received (or sends for the first time):
 * everything it sends until it next receives is one flight. Each flight carries a round stamp: one
 * more than the highest stamp the party has received so far (1 if none). A party's round clock is
 * the highest stamp it has sent or received. After a protocol, the larger of the two parties'
 * clocks is its number of rounds: the longest chain of flights each of which was sent after the
 * one before had arrived, i.e. the protocol's latency in one-way network delays. Two parties
 * sending at the same time count one round, a question and its answer two; flights a party sends
 * without having received anything newer in between count as one round (they are pipelined).
 *
 * <h2>Emulation</h2>
 * With a {@link NetworkProfile}, each chunk is stamped with the earliest time its reader may see
 * it (serialisation at the bandwidth after the previous chunk of this direction, plus half the
 * round trip); the reader waits until then. Latency measured over an emulated channel therefore
 * includes bandwidth and round-trip delays, overlapped with computation as on a real link.
 */
public final class Channel implements AutoCloseable {
  /** Bytes of a message header: label tag and payload length. */
  public static final int MESSAGE_HEADER_BYTES = 8;

  /** Largest chunk handed to the transport. */
  static final int CHUNK_BYTES = 1 << 18;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final String name;
  private final Link link;
  private final NetworkProfile network;
  private final long timeoutNanos;

  private byte[] out = new byte[CHUNK_BYTES];
  private int outLength;
  private byte[] in = new byte[0];
  private int inPos;
  private int inLimit;
  private final byte[] scratch = new byte[16];

  private long bytesSent;
  private long bytesReceived;
  private long payloadSent;
  private long payloadReceived;
  private long messagesSent;
  private long messagesReceived;
  private long flights;
  private long clock;
  private long stamp;
  private boolean newFlight = true;
  private Wire wire = new Wire();
  private volatile boolean closed;

  Channel(String name, Link link, ChannelOptions options) {
    this.name = name;
    this.link = link;
    this.network = options.network();
    this.timeoutNanos = options.timeoutNanos();
  }

  /**
   * Two connected in-memory channels for two threads of one process. {@code [0]} is named {@code
   * name0}, {@code [1]} {@code name1}; both use {@code options}.
   */
  public static Channel[] inMemoryPair(String name0, String name1, ChannelOptions options) {
    InMemoryLink[] links = InMemoryLink.pair(options.timeoutNanos());
    return new Channel[] {
      new Channel(name0, links[0], options), new Channel(name1, links[1], options)
    };
  }

  /**
   * Makes {@code sameSide} (channels one party sends on, to the same peer) share one emulated
   * link: their chunks are serialised one after the other at the profile's bandwidth, as parallel
   * connections over one network link are, instead of each at the full bandwidth. Call it before
   * anything is sent; it changes nothing without emulation.
   */
  public static void shareEmulatedLink(Channel... sameSide) {
    for (Channel c : sameSide) {
      c.wire = sameSide[0].wire;
    }
  }

  /** When one direction of an emulated link is free: the chunks sent on it so far, back to back. */
  private static final class Wire {
    private long freeAt;

    /** Reserves the link for {@code nanos} from {@code now} or when it is free; returns the end. */
    synchronized long reserve(long now, long nanos) {
      long start = freeAt - now > 0 ? freeAt : now;
      freeAt = start + nanos;
      return freeAt;
    }
  }

  /** The peer's address (TCP) or {@code in-memory}. */
  public String peer() {
    return link.peer();
  }

  /** This end's name, used in error messages (e.g. {@code server}). */
  public String name() {
    return name;
  }

  /** The options this channel was made with (its network profile and timeout). */
  public ChannelOptions options() {
    return new ChannelOptions(network, java.time.Duration.ofNanos(timeoutNanos));
  }

  /** This end's local address over TCP, or null for an in-memory channel. */
  public java.net.InetAddress localAddress() {
    return link.localAddress();
  }

  public NetworkProfile network() {
    return network;
  }

  // ---------------------------------------------------------------- sending

  /** Sends {@code data[offset, offset+length)} as one message labelled {@code label}. */
  public void send(String label, byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    writeHeader(label, length);
    int done = 0;
    while (done < length) {
      if (outLength == CHUNK_BYTES) {
        emit(label);
      }
      int n = Math.min(length - done, CHUNK_BYTES - outLength);
      System.arraycopy(data, offset + done, out, outLength, n);
      outLength += n;
      done += n;
    }
    countSent(length);
  }

  public void send(String label, byte[] data) {
    send(label, data, 0, data.length);
  }

  /** Sends {@code count} longs (8 bytes each, little-endian) as one message. */
  public void sendLongs(String label, long[] values, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, values.length);
    if (count > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("message '" + label + "' too long: " + count + " longs");
    }
    writeHeader(label, 8 * count);
    int i = 0;
    while (i < count) {
      if (CHUNK_BYTES - outLength < 8) {
        emit(label);
      }
      int n = Math.min(count - i, (CHUNK_BYTES - outLength) >>> 3);
      for (int k = 0; k < n; k++) {
        LONGS.set(out, outLength, values[offset + i + k]);
        outLength += 8;
      }
      i += n;
    }
    countSent(8L * count);
  }

  /** Sends {@code n} values of {@code bits} bits each (1 to 64), packed: ceil(n*bits/8) bytes. */
  public void sendPacked(String label, long[] values, int offset, int n, int bits) {
    send(label, BitPacking.pack(values, offset, n, bits));
  }

  /** Sends {@code n} bits (each byte 0 or 1), packed eight to a byte. */
  public void sendBits(String label, byte[] bits, int offset, int n) {
    send(label, BitPacking.packBits(bits, offset, n));
  }

  private void writeHeader(String label, int length) {
    ensureOpen(label);
    if (CHUNK_BYTES - outLength < MESSAGE_HEADER_BYTES) {
      emit(label);
    }
    INTS.set(out, outLength, label.hashCode());
    INTS.set(out, outLength + 4, length);
    outLength += MESSAGE_HEADER_BYTES;
  }

  private void countSent(long payload) {
    payloadSent += payload;
    bytesSent += payload + MESSAGE_HEADER_BYTES;
    messagesSent++;
  }

  /** Hands everything buffered to the transport (see the flush rule above). */
  public void flush() {
    ensureOpen(null);
    emit(null);
  }

  private void emit(String label) {
    if (outLength == 0) {
      return;
    }
    if (newFlight) {
      flights++;
      stamp = clock + 1;
      newFlight = false;
    }
    long notBefore = 0;
    if (network.emulated()) {
      notBefore = wire.reserve(System.nanoTime(), network.serialisationNanos(outLength)) + network.oneWayNanos();
    }
    byte[] data;
    if (outLength < CHUNK_BYTES / 4) {
      data = Arrays.copyOf(out, outLength);
    } else {
      data = out;
      out = new byte[CHUNK_BYTES];
    }
    int length = outLength;
    outLength = 0;
    link.write(new Chunk(data, length, stamp, notBefore), context(label));
  }

  // ---------------------------------------------------------------- receiving

  /** Receives one message labelled {@code label} of exactly {@code length} bytes into {@code dst}. */
  public void receive(String label, byte[] dst, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, dst.length);
    readHeader(label, length);
    readBytes(dst, offset, length, label, 0, length);
    countReceived(length);
  }

  public byte[] receive(String label, int length) {
    byte[] b = new byte[length];
    receive(label, b, 0, length);
    return b;
  }

  /** Receives one message of {@code count} longs (see {@link #sendLongs}). */
  public void receiveLongs(String label, long[] dst, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, dst.length);
    long total = 8L * count;
    readHeader(label, total);
    int i = 0;
    while (i < count) {
      int available = inLimit - inPos;
      if (available >= 8) {
        int n = Math.min(count - i, available >>> 3);
        for (int k = 0; k < n; k++) {
          dst[offset + i + k] = (long) LONGS.get(in, inPos);
          inPos += 8;
        }
        i += n;
      } else if (available > 0) {
        readBytes(scratch, 0, 8, label, 8L * i, total);
        dst[offset + i] = (long) LONGS.get(scratch, 0);
        i++;
      } else {
        nextChunk(label, 8L * i, total);
      }
    }
    countReceived(total);
  }

  /** Receives {@code n} packed values of {@code bits} bits (see {@link #sendPacked}). */
  public void receivePacked(String label, long[] dst, int offset, int n, int bits) {
    byte[] packed = receive(label, BitPacking.packedBytes(n, bits));
    BitPacking.unpack(packed, n, bits, dst, offset);
  }

  /** Receives {@code n} packed bits into {@code dst} as bytes 0 or 1 (see {@link #sendBits}). */
  public void receiveBits(String label, byte[] dst, int offset, int n) {
    byte[] packed = receive(label, BitPacking.packedBytes(n, 1));
    BitPacking.unpackBits(packed, n, dst, offset);
  }

  private void readHeader(String label, long expectedLength) {
    ensureOpen(label);
    emit(label);
    readBytes(scratch, 0, MESSAGE_HEADER_BYTES, label, 0, expectedLength);
    int tag = (int) INTS.get(scratch, 0);
    int length = (int) INTS.get(scratch, 4);
    if (tag != label.hashCode()) {
      throw new ProtocolException(
          context(label) + ": the peer sent a different message (label tag "
              + String.format(Locale.ROOT, "0x%08x", tag) + ", expected "
              + String.format(Locale.ROOT, "0x%08x", label.hashCode()) + ", " + length
              + " bytes): the parties are out of step");
    }
    if (length != expectedLength) {
      throw new ProtocolException(
          context(label) + ": the peer sent " + length + " bytes, expected " + expectedLength);
    }
  }

  private void countReceived(long payload) {
    payloadReceived += payload;
    bytesReceived += payload + MESSAGE_HEADER_BYTES;
    messagesReceived++;
  }

  /** Copies {@code length} bytes of the stream; {@code done} of {@code total} already read. */
  private void readBytes(byte[] dst, int offset, int length, String label, long done, long total) {
    int got = 0;
    while (got < length) {
      if (inPos == inLimit) {
        nextChunk(label, done + got, total);
      }
      int n = Math.min(length - got, inLimit - inPos);
      System.arraycopy(in, inPos, dst, offset + got, n);
      inPos += n;
      got += n;
    }
  }

  private void nextChunk(String label, long done, long total) {
    Chunk c = link.read(timeoutNanos, context(label) + " (" + done + " of " + total + " bytes received)");
    if (c == null) {
      throw new ProtocolException(
          name + ": peer closed the connection after " + done + " of " + total + " bytes of message '"
              + label + "'");
    }
    if (c.round() > clock) {
      clock = c.round();
    }
    newFlight = true;
    if (network.emulated()) { // a real link ignores the peer's emulated delivery times
      long ahead = c.notBefore() - System.nanoTime();
      if (ahead > timeoutNanos) {
        throw new ProtocolException(context(label) + ": the peer stamped a chunk for delivery "
            + seconds(ahead) + " from now, beyond the timeout of " + seconds(timeoutNanos));
      }
      waitUntil(c.notBefore());
    }
    in = c.data();
    inPos = 0;
    inLimit = c.length();
  }

  private static void waitUntil(long notBefore) {
    if (notBefore == 0) {
      return;
    }
    long wait;
    while ((wait = notBefore - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  // ---------------------------------------------------------------- counts and lifecycle

  public ChannelStats stats() {
    return new ChannelStats(
        bytesSent, bytesReceived, payloadSent, payloadReceived, messagesSent, messagesReceived, flights,
        Math.max(clock, stamp));
  }

  /**
   * Flushes and restarts the round clock at 0, so that the next protocol's rounds can be read from
   * {@link ChannelStats#round()}. Call it on both ends at the same point of the protocol, when every
   * message sent so far has been received (e.g. right after a completed protocol).
   */
  public void startRoundCount() {
    flush();
    clock = 0;
    stamp = 0;
    newFlight = true;
  }

  /** False once {@link #close()} was called. */
  public boolean isOpen() {
    return !closed;
  }

  /** Flushes what is buffered (if the peer is still there) and closes. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      emit(null);
    } catch (ProtocolException e) {
      // the peer is gone: nothing more to deliver
    } finally {
      closed = true;
      link.close();
    }
  }

  /**
   * Closes the connection at once, from any thread, without sending what is buffered: the peer's
   * reads end ("peer closed the connection"). For failure paths, e.g. one of several sessions
   * failed and the others must not wait for their timeouts; this end is unusable afterwards.
   */
  public void abort() {
    closed = true;
    link.close();
  }

  private void ensureOpen(String label) {
    if (closed) {
      throw new ProtocolException(context(label) + ": the channel is closed");
    }
  }

  private String context(String label) {
    return label == null ? name : name + ": message '" + label + "'";
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }

  @Override
  public String toString() {
    return "Channel[" + name + ", " + network + "]";
  }
}
