package jaguar.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads a kernel may use: the calling thread plus a fixed pool of {@code count() - 1}
 * daemon workers. Every kernel splits its work the same way ({@link #forRanges}: contiguous,
 * nearly equal ranges of independent units, such as output ciphertexts or input transforms, one
 * range per thread), so thread counts compare protocols fairly. Close it to stop the workers.
 */
public final class ConvThreads implements AutoCloseable {
  private static final ConvThreads SINGLE = new ConvThreads(1);

  private final int count;
  private final ExecutorService pool;

  private ConvThreads(int count) {
    this.count = count;
    this.pool = count == 1 ? null : Executors.newFixedThreadPool(count - 1, r -> {
      Thread t = new Thread(r, "conv-kernel");
      t.setDaemon(true);
      return t;
    });
  }

  /** The calling thread alone (shared; closing it does nothing). */
  public static ConvThreads single() {
    return SINGLE;
  }

  /**
   * The calling thread and count - 1 workers.
   *
   * @throws ConvOptionException if count is not in [1, 1024]
   */
  public static ConvThreads of(int count) {
    if (count < 1 || count > 1024) {
      throw new ConvOptionException("threads", count, "1..1024");
    }
    return count == 1 ? SINGLE : new ConvThreads(count);
  }

  /** Threads a call may use, the caller included. */
  public int count() {
    return count;
  }

  /** Work on the units [from, to) of a range. */
  public interface RangeTask {
    void run(int from, int to);
  }

  /**
   * Cuts [0, units) into min(count(), units) contiguous ranges of nearly equal size and runs the
   * task on each at once, the first on the calling thread; returns when all are done.
   *
   * @throws IllegalStateException wrapping the first failure of a range
   */
  public void forRanges(int units, RangeTask task) {
    int r = Math.min(count, units);
    if (r <= 1) {
      if (units > 0) {
        task.run(0, units);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(r - 1);
    for (int i = 1; i < r; i++) {
      int a = (int) ((long) units * i / r);
      int b = (int) ((long) units * (i + 1) / r);
      futures.add(pool.submit(() -> task.run(a, b)));
    }
    RuntimeException first = null;
    try {
      task.run(0, (int) ((long) units / r));
    } catch (RuntimeException e) {
      first = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (first == null) {
          first = new IllegalStateException("a kernel range failed: " + e.getCause(), e.getCause());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "ConvThreads[" + count + "]";
  }
}
