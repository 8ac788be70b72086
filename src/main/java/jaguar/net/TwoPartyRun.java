package jaguar.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the two parties of a protocol on two threads of this process, each with its own channel,
 * and returns both results. If one party fails, its channel is closed so the other fails quickly
 * ("peer closed the connection") instead of waiting for its timeout; the first failure is thrown,
 * with the other's attached as suppressed.
 */
public final class TwoPartyRun {
  private TwoPartyRun() {}

  /** One party's side of a protocol. */
  @FunctionalInterface
  public interface Party<T> {
    T run(Channel channel) throws Exception;
  }

  /** Both parties' results. */
  public record Outcome<A, B>(A first, B second) {}

  private static final class Side<T> implements Runnable {
    private static final AtomicLong ORDER = new AtomicLong();
    final Channel channel;
    final Party<T> party;
    T result;
    Throwable failure;
    long failedAt;

    Side(Channel channel, Party<T> party) {
      this.channel = channel;
      this.party = party;
    }

    @Override
    public void run() {
      try {
        result = party.run(channel);
        if (channel.isOpen()) {
          channel.flush();
        }
      } catch (Throwable t) {
        failure = t;
        failedAt = ORDER.incrementAndGet();
        channel.close();
      }
    }
  }

  /**
   * Runs {@code p0} with {@code c0} and {@code p1} with {@code c1} concurrently and waits for both.
   *
   * @throws RuntimeException the first party's failure (checked exceptions wrapped in an
   *     IllegalStateException)
   */
  public static <A, B> Outcome<A, B> run(Channel c0, Party<A> p0, Channel c1, Party<B> p1) {
    Side<A> s0 = new Side<>(c0, p0);
    Side<B> s1 = new Side<>(c1, p1);
    Thread t0 = new Thread(s0, c0.name());
    Thread t1 = new Thread(s1, c1.name());
    t0.setDaemon(true);
    t1.setDaemon(true);
    t0.start();
    t1.start();
    try {
      t0.join();
      t1.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c0.close();
      c1.close();
      throw new IllegalStateException("interrupted while waiting for the parties", e);
    }
    Throwable first = null;
    Throwable second = null;
    if (s0.failure != null && (s1.failure == null || s0.failedAt < s1.failedAt)) {
      first = s0.failure;
      second = s1.failure;
    } else if (s1.failure != null) {
      first = s1.failure;
      second = s0.failure;
    }
    if (first != null) {
      if (second != null && second != first) {
        first.addSuppressed(second);
      }
      if (first instanceof RuntimeException r) {
        throw r;
      }
      if (first instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(first.getMessage(), first);
    }
    return new Outcome<>(s0.result, s1.result);
  }
}
