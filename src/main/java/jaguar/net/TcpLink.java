package jaguar.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Chunks over one TCP connection. On the wire a chunk is a 20-byte frame header (int length, long
 * round stamp, long earliest-delivery time) and its bytes. A writer thread drains a bounded queue
 * so that both parties may send at once without a deadlock on full socket buffers; reads use the
 * socket's read timeout.
 *
 * <p>The earliest-delivery time is the sender's {@link System#nanoTime()}: network emulation over
 * TCP is meaningful only for two processes on one host (Linux's monotonic clock is shared). Between
 * two hosts, use the real network and no emulation.
 */
final class TcpLink implements Link {
  static final int FRAME_HEADER_BYTES = 20;
  private static final int MAX_CHUNK = Channel.CHUNK_BYTES;
  private static final Chunk END = new Chunk(new byte[0], -1, 0, 0);
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Socket socket;
  private final String name;
  private final long timeoutNanos;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(InMemoryLink.CAPACITY_CHUNKS);
  private final Thread writer;
  private volatile Throwable writeError;
  private volatile boolean closed;
  private byte[] buffer = new byte[1 << 16];

  TcpLink(Socket socket, String name, long timeoutNanos) throws IOException {
    this.socket = socket;
    this.name = name;
    this.timeoutNanos = timeoutNanos;
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutNanos / 1_000_000)));
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    writer = new Thread(this::drain, name + "-tcp-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private void drain() {
    try {
      while (true) {
        Chunk c = queue.take();
        if (c == END) {
          out.flush();
          socket.shutdownOutput();
          return;
        }
        out.writeInt(c.length());
        out.writeLong(c.round());
        out.writeLong(c.notBefore());
        out.write(c.data(), 0, c.length());
        if (queue.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException | InterruptedException e) {
      writeError = e;
    }
  }

  @Override
  public void write(Chunk chunk, String context) {
    if (closed) {
      throw new ProtocolException(context + ": the channel is closed");
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (!queue.offer(chunk, SLICE_NANOS, TimeUnit.NANOSECONDS)) {
        checkWriter(context);
        if (System.nanoTime() - deadline > 0) {
          throw new ProtocolException(
              context + ": peer has not read for " + Channel.seconds(timeoutNanos)
                  + " and the send buffer is full");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(context + ": interrupted while sending", e);
    }
    checkWriter(context);
  }

  private void checkWriter(String context) {
    Throwable e = writeError;
    if (e != null) {
      throw new ProtocolException(context + ": the connection broke while sending: " + e, e);
    }
  }

  @Override
  public Chunk read(long timeout, String context) {
    if (closed) {
      throw new ProtocolException(context + ": the channel is closed");
    }
    try {
      int first = in.read();
      if (first < 0) {
        return null;
      }
      int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
      long round = in.readLong();
      long notBefore = in.readLong();
      if (length < 0 || length > MAX_CHUNK || round < 0) {
        throw new ProtocolException(
            context + ": malformed frame from the peer (length " + length + ", round " + round
                + "; valid: length in [0, " + MAX_CHUNK + "], round >= 0)");
      }
      if (buffer.length < length) {
        buffer = new byte[Math.max(length, 2 * buffer.length)];
      }
      in.readFully(buffer, 0, length);
      return new Chunk(buffer, length, round, notBefore);
    } catch (SocketTimeoutException e) {
      throw new ProtocolException(
          context + ": timed out after " + Channel.seconds(timeoutNanos) + " waiting for the peer", e);
    } catch (EOFException e) {
      throw new ProtocolException(context + ": peer closed the connection in the middle of a frame", e);
    } catch (IOException e) {
      throw new ProtocolException(context + ": the connection broke: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.offer(END);
    try {
      writer.join(TimeUnit.NANOSECONDS.toMillis(Math.min(timeoutNanos, TimeUnit.SECONDS.toNanos(10))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public java.net.InetAddress localAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public String peer() {
    java.net.SocketAddress a = socket.getRemoteSocketAddress();
    return a == null ? "?" : a.toString().replaceFirst("^[^/]*/", "");
  }

  @Override
  public String toString() {
    return name + " " + socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress();
  }
}
