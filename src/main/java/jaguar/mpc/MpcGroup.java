package jaguar.mpc;

import jaguar.math.Prg;
import jaguar.mpc.ot.OtConfig;
import jaguar.mpc.ot.OtSuite;
import jaguar.net.Channel;
import jaguar.net.ChannelStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One party's side of {@code threads} independent two-party sessions run side by side, one per
 * channel, each with its own OT instance: a batch of a nonlinear protocol is cut into {@code
 * threads} consecutive parts (whole windows for max-pooling and argmax), part i runs on session i,
 * all at once, as OpenCheetah runs its nonlinear layers over several threads. The sessions'
 * roles alternate (session i plays this party's role for even i and the other role for odd i), so
 * that the OT senders and the heavier directions of the protocols are spread over both parties.
 * Both parties build the group over the same channels in the same order with the same {@code
 * threads}; every output share is the party's own, whatever role its session played.
 *
 * <p>Each session's slices take at most {@link MpcParty#SLICE_COTS} / threads COTs, so the group
 * holds about the memory one session would (and each session about as many slices, hence rounds,
 * as one session over the whole batch). Counts ({@link #counters()}) are the sums over the sessions,
 * the round clock the largest. Over an emulated network the channels should share one link ({@link
 * Channel#shareEmulatedLink}). Not thread-safe: one caller at a time.
 */
public final class MpcGroup implements AutoCloseable {
  private final Role role;
  private final MpcParty[] parties;
  private final Channel[] channels;
  private final ExecutorService pool;

  private MpcGroup(Role role, MpcParty[] parties, Channel[] channels, ExecutorService pool) {
    this.role = role;
    this.parties = parties;
    this.channels = channels.clone();
    this.pool = pool;
  }

  /**
   * Sets up one session per channel with the peer (which calls this at the same time with its ends
   * of the same channels, in the same order), all at once.
   *
   * @param prg this party's randomness; each session gets a fork
   */
  public static MpcGroup setup(Role role, OtConfig ot, Channel[] channels, Prg prg, int radix, int batch) {
    if (channels.length < 1) {
      throw new IllegalArgumentException("an MPC group needs at least one channel");
    }
    Prg[] prgs = new Prg[channels.length];
    for (int i = 0; i < prgs.length; i++) {
      prgs[i] = prg.fork();
    }
    ExecutorService pool = channels.length == 1 ? null : Executors.newFixedThreadPool(channels.length - 1, r -> {
      Thread t = new Thread(r, "mpc-group-" + role.name().toLowerCase(java.util.Locale.ROOT));
      t.setDaemon(true);
      return t;
    });
    // the sessions' slices together take the COTs (and the memory) of one session's
    long sliceCots = Math.max(1, MpcParty.SLICE_COTS / channels.length);
    MpcParty[] parties = new MpcParty[channels.length];
    MpcGroup g = new MpcGroup(role, parties, channels, pool);
    try {
      g.all(i -> {
        OtSuite suite = OtSuite.setup(ot, channels[i], prgs[i].fork());
        parties[i] = new MpcParty(roleOf(role, i), suite, prgs[i].fork(), radix, batch, sliceCots);
        return null;
      });
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
    return g;
  }

  private static Role roleOf(Role role, int session) {
    return session % 2 == 0 ? role : role == Role.SERVER ? Role.CLIENT : Role.SERVER;
  }

  /** This party's role (session 0's). */
  public Role role() {
    return role;
  }

  /** The sessions: how many parts a batch is cut into. */
  public int threads() {
    return parties.length;
  }

  /** Session i's party (its role alternates with i). */
  public MpcParty party(int i) {
    return parties[i];
  }

  /**
   * Runs {@code op} on this party's shares of {@code n} outputs' worth of inputs ({@code n *
   * op.inputsPerOutput(p)} values), cut over the sessions; returns this party's output shares as
   * {@link NonlinearOp#run} does.
   */
  public long[] run(NonlinearOp op, long[] shares, int n, NonlinearOp.Params p) {
    if (parties.length == 1) {
      return op.run(parties[0], shares, n, p);
    }
    int per = op.inputsPerOutput(p);
    long[] out = new long[n];
    all(i -> {
      int from = part(n, i);
      int to = part(n, i + 1);
      long[] mine = java.util.Arrays.copyOfRange(shares, from * per, to * per);
      long[] r = op.run(parties[i], mine, to - from, p);
      System.arraycopy(r, 0, out, from, to - from);
      return null;
    });
    return out;
  }

  // ------------------------------------------------------------------ the engine's calls, cut over the sessions

  /** One session's call on its part of a batch: its own copies of the inputs, outputs and decisions. */
  @FunctionalInterface
  private interface Part {
    void run(MpcParty party, long[] x, int m, long[] out, byte[] decisions);
  }

  /**
   * Cuts a call on {@code n} outputs ({@code per} inputs each) over the sessions and joins the
   * parts' outputs and decisions ({@code decisions}: null, n bytes, or 2n as keep then clip); with
   * one session, calls it on the arrays themselves.
   */
  private void cut(long[] x, int n, int per, long[] out, byte[] decisions, Part call) {
    if (parties.length == 1) {
      call.run(parties[0], x, n, out, decisions);
      return;
    }
    int sets = decisions == null ? 0 : decisions.length / Math.max(1, n);
    all(i -> {
      int from = part(n, i);
      int to = part(n, i + 1);
      int m = to - from;
      long[] mine = java.util.Arrays.copyOfRange(x, from * per, to * per);
      long[] o = new long[m];
      byte[] d = decisions == null ? null : new byte[sets * m];
      if (m > 0) {
        call.run(parties[i], mine, m, o, d);
      }
      System.arraycopy(o, 0, out, from, m);
      for (int k = 0; k < sets; k++) {
        System.arraycopy(d, k * m, decisions, k * n + from, m);
      }
      return null;
    });
  }

  /** {@link MpcParty#relu(long[], int, int, Reduction, long[], byte[])}, cut over the sessions. */
  public void relu(long[] x, int n, int bits, Reduction r, long[] out, byte[] decisions) {
    cut(x, n, 1, out, decisions, (q, y, m, o, d) -> q.relu(y, m, bits, r, o, d));
  }

  /** {@link MpcParty#relu6(long[], int, int, int, Reduction, long[], byte[])}, cut over the sessions. */
  public void relu6(long[] x, int n, int bits, int scaleBits, Reduction r, long[] out, byte[] decisions) {
    cut(x, n, 1, out, decisions, (q, y, m, o, d) -> q.relu6(y, m, bits, scaleBits, r, o, d));
  }

  /** {@link MpcParty#reluExtend(long[], int, int, int, Reduction, long[], byte[])}, cut over the sessions. */
  public void reluExtend(long[] x, int n, int fromBits, int toBits, Reduction r, long[] out, byte[] decisions) {
    cut(x, n, 1, out, decisions, (q, y, m, o, d) -> q.reluExtend(y, m, fromBits, toBits, r, o, d));
  }

  /** {@link MpcParty#relu6Extend(long[], int, int, int, int, Reduction, long[], byte[])}, cut over the sessions. */
  public void relu6Extend(long[] x, int n, int fromBits, int toBits, int scaleBits, Reduction r, long[] out, byte[] decisions) {
    cut(x, n, 1, out, decisions, (q, y, m, o, d) -> q.relu6Extend(y, m, fromBits, toBits, scaleBits, r, o, d));
  }

  /** {@link MpcParty#extendSigned}, cut over the sessions. */
  public void extendSigned(long[] x, int n, int fromBits, int toBits, long[] out) {
    cut(x, n, 1, out, null, (q, y, m, o, d) -> q.extendSigned(y, m, fromBits, toBits, o));
  }

  /** {@link MpcParty#extendMsb0}, cut over the sessions. */
  public void extendMsb0(long[] x, int n, int fromBits, int toBits, long[] out) {
    cut(x, n, 1, out, null, (q, y, m, o, d) -> q.extendMsb0(y, m, fromBits, toBits, o));
  }

  /** {@link MpcParty#truncate}, cut over the sessions. */
  public void truncate(long[] x, int n, int bits, int shift, long[] out) {
    cut(x, n, 1, out, null, (q, y, m, o, d) -> q.truncate(y, m, bits, shift, o));
  }

  /** {@link MpcParty#truncateMsb0}, cut over the sessions. */
  public void truncateMsb0(long[] x, int n, int bits, int shift, long[] out) {
    cut(x, n, 1, out, null, (q, y, m, o, d) -> q.truncateMsb0(y, m, bits, shift, o));
  }

  /** {@link MpcParty#truncateExact}, cut over the sessions. */
  public void truncateExact(long[] x, int n, int bits, int shift, long[] out) {
    cut(x, n, 1, out, null, (q, y, m, o, d) -> q.truncateExact(y, m, bits, shift, o));
  }

  /** {@link MpcParty#maxPool}, cut over the sessions by whole windows. */
  public void maxPool(long[] x, int n, int window, int bits, long[] out) {
    cut(x, n, window, out, null, (q, y, m, o, d) -> q.maxPool(y, m, window, bits, o));
  }

  /** {@link MpcParty#argmax}, cut over the sessions by whole windows. */
  public void argmax(long[] x, int n, int window, int bits, long[] out) {
    cut(x, n, window, out, null, (q, y, m, o, d) -> q.argmax(y, m, window, bits, o));
  }

  /** This party's channel counts over its sessions: sums, the largest round clock. */
  public ChannelStats stats() {
    ChannelStats c = parties[0].channel().stats();
    for (int i = 1; i < parties.length; i++) {
      c = c.plus(parties[i].channel().stats());
    }
    return c;
  }

  /** Start of part i of n outputs cut into {@link #threads()} nearly equal parts. */
  private int part(int n, int i) {
    return (int) ((long) n * i / parties.length);
  }

  /** Flushes every session's channel. */
  public void flush() {
    for (MpcParty q : parties) {
      q.channel().flush();
    }
  }

  /** Restarts every session's round clock (see {@link Channel#startRoundCount()}). */
  public void startRoundCount() {
    for (MpcParty q : parties) {
      q.channel().startRoundCount();
    }
  }

  /**
   * What this party's sessions have done so far, together: channel counts (sums, the largest round
   * clock), COTs taken as sender and generated as receiver, bytes and payload sent to generate
   * COTs (sums), and the wall time spent generating them (the largest: the sessions run side by
   * side).
   */
  public record Counters(
      ChannelStats channel, long cotsTakenAsSender, long cotsGeneratedAsReceiver, long extensionBytesSent,
      long extensionPayloadSent, long extensionNanos) {
    /** Counts since {@code earlier} (the round clock as it is now, see {@link ChannelStats#minus}). */
    public Counters minus(Counters earlier) {
      return new Counters(
          channel.minus(earlier.channel), cotsTakenAsSender - earlier.cotsTakenAsSender,
          cotsGeneratedAsReceiver - earlier.cotsGeneratedAsReceiver, extensionBytesSent - earlier.extensionBytesSent,
          extensionPayloadSent - earlier.extensionPayloadSent, extensionNanos - earlier.extensionNanos);
    }
  }

  /** A snapshot of this party's {@link Counters}. */
  public Counters counters() {
    ChannelStats channel = null;
    long taken = 0;
    long generated = 0;
    long bytes = 0;
    long payload = 0;
    long nanos = 0;
    for (MpcParty q : parties) {
      channel = channel == null ? q.channel().stats() : channel.plus(q.channel().stats());
      taken += q.ot().cotsTakenAsSender();
      generated += q.ot().cotsGeneratedAsReceiver();
      bytes += q.ot().extensionBytesSent();
      payload += q.ot().extensionPayloadSent();
      nanos = Math.max(nanos, q.ot().extensionNanos());
    }
    return new Counters(channel, taken, generated, bytes, payload, nanos);
  }

  /** Work for one session (package-private for tests). */
  interface Task {
    Void run(int session) throws Exception;
  }

  /**
   * Runs task(i) for every session at once (session 0 on the calling thread); rethrows the first
   * failure. A failing session aborts every session's channel, so that neither this party's other
   * sessions nor the peer's wait for their timeouts.
   */
  void all(Task task) {
    List<Future<Void>> futures = new ArrayList<>(parties.length - 1);
    for (int i = 1; i < parties.length; i++) {
      int s = i;
      Callable<Void> c = () -> {
        try {
          return task.run(s);
        } catch (Throwable t) {
          abortAll();
          throw t;
        }
      };
      futures.add(pool.submit(c));
    }
    Throwable failure = null;
    try {
      task.run(0);
    } catch (Throwable t) {
      abortAll();
      failure = t;
    }
    for (Future<Void> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        failure = failure == null ? e.getCause() : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? e : failure;
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
  }

  private void abortAll() {
    for (Channel c : channels) {
      c.abort();
    }
  }

  /** Stops the group's threads (the channels stay the caller's). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
