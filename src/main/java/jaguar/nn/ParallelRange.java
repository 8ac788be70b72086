package jaguar.nn;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/** Runs {@code body(i)} for i in [0, count) on a fork-join pool of one worker per core, waiting for all. */
final class ParallelRange {
  /** One worker per core (the common pool has one less, which leaves a core idle on 2 cores). */
  private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

  private ParallelRange() {}

  /** Splits [0, total) into about one chunk per core and runs {@code body.accept(from, to)}. */
  static void chunks(int total, ChunkBody body) {
    int parts = Math.max(1, Math.min(total, POOL.getParallelism() * 2));
    run(parts, p -> body.accept((int) ((long) total * p / parts), (int) ((long) total * (p + 1) / parts)));
  }

  static int parallelism() {
    return POOL.getParallelism();
  }

  static void run(int count, IntConsumer body) {
    if (count <= 1 || POOL.getParallelism() <= 1) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    POOL.invoke(new Task(body, 0, count));
  }

  /** A body over a half-open range. */
  interface ChunkBody {
    void accept(int from, int to);
  }

  private static final class Task extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient IntConsumer body;
    private final int from;
    private final int to;

    Task(IntConsumer body, int from, int to) {
      this.body = body;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        body.accept(from);
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Task(body, from, mid), new Task(body, mid, to));
    }
  }
}
