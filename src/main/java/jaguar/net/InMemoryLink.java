package jaguar.net;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two parties in one process: a bounded queue of chunks in each direction. A writer waits while
 * its queue is full (at most the timeout); a reader waits for the next chunk (at most the timeout)
 * and sees the end of the stream once the peer has closed and the queue is drained.
 */
final class InMemoryLink implements Link {
  /** Chunks buffered per direction before a writer waits: with 256 KiB chunks, up to 256 MiB. */
  static final int CAPACITY_CHUNKS = 1024;

  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final BlockingQueue<Chunk> inbox;
  private final BlockingQueue<Chunk> outbox;
  private final long timeoutNanos;
  private volatile boolean closed;
  private InMemoryLink peer;

  private InMemoryLink(BlockingQueue<Chunk> inbox, BlockingQueue<Chunk> outbox, long timeoutNanos) {
    this.inbox = inbox;
    this.outbox = outbox;
    this.timeoutNanos = timeoutNanos;
  }

  /** Two connected ends. */
  static InMemoryLink[] pair(long timeoutNanos) {
    BlockingQueue<Chunk> ab = new ArrayBlockingQueue<>(CAPACITY_CHUNKS);
    BlockingQueue<Chunk> ba = new ArrayBlockingQueue<>(CAPACITY_CHUNKS);
    InMemoryLink a = new InMemoryLink(ba, ab, timeoutNanos);
    InMemoryLink b = new InMemoryLink(ab, ba, timeoutNanos);
    a.peer = b;
    b.peer = a;
    return new InMemoryLink[] {a, b};
  }

  @Override
  public void write(Chunk chunk, String context) {
    if (closed) {
      throw new ProtocolException(context + ": the channel is closed");
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (!outbox.offer(chunk, SLICE_NANOS, TimeUnit.NANOSECONDS)) {
        if (peer.closed) {
          throw new ProtocolException(context + ": peer closed the connection");
        }
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
    if (peer.closed && !outbox.isEmpty()) {
      // the data went into a queue nobody will read; say so now rather than at the next read
      throw new ProtocolException(context + ": peer closed the connection");
    }
  }

  @Override
  public Chunk read(long timeout, String context) {
    if (closed) {
      throw new ProtocolException(context + ": the channel is closed");
    }
    long deadline = System.nanoTime() + timeout;
    try {
      while (true) {
        Chunk c = inbox.poll(SLICE_NANOS, TimeUnit.NANOSECONDS);
        if (c != null) {
          return c;
        }
        if (peer.closed && inbox.isEmpty()) {
          return null;
        }
        if (closed) { // aborted from another thread
          throw new ProtocolException(context + ": the channel was closed while receiving");
        }
        if (System.nanoTime() - deadline > 0) {
          throw new ProtocolException(
              context + ": timed out after " + Channel.seconds(timeout) + " waiting for the peer");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(context + ": interrupted while receiving", e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
