package jaguar.experiment.convbench;

import jaguar.conv.ConvWork;
import jaguar.conv.HomConv;
import jaguar.conv.InputTransforms;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The kernels of consecutive ranges of output channels of one session, run as one convolution: one
 * range on the calling thread, or several at once on a fixed pool (one range per thread). Every
 * protocol is threaded this way, so none gets an advantage: the output channels [from, to) are cut
 * into {@code ranges} nearly equal parts, each part is one kernel, and each kernel reads the whole
 * input. The NTT kernels' input transforms are made once per call ({@link InputTransforms}),
 * split by input over the same threads, and shared by every range: part of the timed call.
 */
final class RangeRunner<C> {
  private final BenchSession<C> session;
  private final List<HomConv<C>> kernels = new ArrayList<>();
  private final ExecutorService pool;
  private final double buildMs;
  private InputTransforms last;

  /**
   * Builds the kernels of [from, to) cut into {@code ranges} parts (at most to - from).
   *
   * @param pool the pool the ranges run on when there is more than one
   */
  RangeRunner(BenchSession<C> session, int from, int to, int ranges, ExecutorService pool) {
    this.session = session;
    this.pool = pool;
    int r = Math.min(ranges, to - from);
    long t0 = System.nanoTime();
    for (int i = 0; i < r; i++) {
      int a = from + (int) ((long) (to - from) * i / r);
      int b = from + (int) ((long) (to - from) * (i + 1) / r);
      kernels.add(session.kernel(a, b));
    }
    buildMs = (System.nanoTime() - t0) / 1e6;
    if (r > 1 && pool == null) {
      throw new IllegalArgumentException("several ranges need a pool");
    }
  }

  List<HomConv<C>> kernels() {
    return kernels;
  }

  /** Milliseconds spent building the kernels (weights bound, filters transformed): offline work. */
  double buildMs() {
    return buildMs;
  }

  /**
   * The work of one {@link #convolve} call after one has run: the kernels' work, with the input
   * transforms counted as made (shared by the ranges; those {@code carried} from an earlier group
   * not again).
   */
  ConvWork work(InputTransforms carried) {
    ConvWork w = new ConvWork(0, 0, 0, 0, 0, 0, 0, 0);
    for (HomConv<C> k : kernels) {
      w = w.plus(k.work());
    }
    int per = kernels.get(0).transformsPerInput();
    if (per == 0 || last == null) {
      return w;
    }
    return w.withForwardNtts((long) (last.count() - (carried == null ? 0 : carried.count())) * per);
  }

  /** One convolution: the shared input transforms, then every range's outputs, in range order. */
  List<List<C>> convolve() {
    return convolve(null);
  }

  /**
   * One convolution reusing {@code carried} (the transforms an earlier memory group of the same
   * call made; null for none): only the transforms it lacks are made, so a layer run in memory
   * groups transforms its input once, as the engine does across a layer's ranges.
   */
  List<List<C>> convolve(InputTransforms carried) {
    List<C> in = session.input();
    List<List<C>> out = new ArrayList<>(kernels.size());
    InputTransforms shared = carried != null ? carried.copy() : new InputTransforms(in);
    last = shared;
    if (kernels.size() == 1) {
      out.add(kernels.get(0).convolve(in, shared));
      return out;
    }
    int r = kernels.size();
    List<Future<?>> transforms = new ArrayList<>(r);
    for (int i = 0; i < r; i++) {
      int a = (int) ((long) in.size() * i / r);
      int b = (int) ((long) in.size() * (i + 1) / r);
      transforms.add(pool.submit(() -> {
        for (HomConv<C> k : kernels) {
          k.transform(in, shared, a, b);
        }
      }));
    }
    try {
      for (Future<?> f : transforms) {
        f.get();
      }
      List<Future<List<C>>> futures = new ArrayList<>(kernels.size());
      for (HomConv<C> k : kernels) {
        futures.add(pool.submit(() -> k.convolve(in, shared)));
      }
      for (Future<List<C>> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a kernel failed: " + e.getCause(), e.getCause());
    }
    return out;
  }

  /** The input transforms of the last {@link #convolve} call (to carry into the next memory group). */
  InputTransforms lastTransforms() {
    return last;
  }

  /** Decrypts and checks the outputs of one {@link #convolve} call. */
  void check(List<List<C>> outputs, OutputCheck check) {
    for (int i = 0; i < kernels.size(); i++) {
      HomConv<C> k = kernels.get(i);
      session.check(outputs.get(i), k.firstChannel(), k.endChannel(), check);
    }
  }
}
