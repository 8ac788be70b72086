package jaguar.nn;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/** Runs {@code body(i)} for i in [0, count) on the common fork-join pool, waiting for all. */
final class ParallelRange {
  private ParallelRange() {}

  /** Splits [0, total) into about one chunk per core and runs {@code body.accept(from, to)}. */
  static void chunks(int total, ChunkBody body) {
    int parts = Math.max(1, Math.min(total, ForkJoinPool.getCommonPoolParallelism() * 2));
    run(parts, p -> body.accept((int) ((long) total * p / parts), (int) ((long) total * (p + 1) / parts)));
  }

  static void run(int count, IntConsumer body) {
    if (count <= 1 || ForkJoinPool.getCommonPoolParallelism() <= 1) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    ForkJoinPool.commonPool().invoke(new Task(body, 0, count));
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
