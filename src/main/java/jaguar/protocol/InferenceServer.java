package jaguar.protocol;

import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.ProtocolException;
import jaguar.net.TcpChannels;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one model to clients over TCP: each connection is one session ({@link ServerSession})
 * with its own keys, OT state and randomness ({@link Prg#secure()} unless the caller supplies
 * otherwise), up to {@code maxSessions} at once; a further client is told the server is busy and
 * disconnected. A session that fails (the client vanished, stalled past the timeout, sent a
 * malformed message, refused the handshake) ends alone, with one log line; the server keeps
 * serving. One log line per session: client address, model, outcome, online time, bytes.
 */
public final class InferenceServer implements AutoCloseable {
  private final SecureModel model;
  private final ServerSocket socket;
  private final int maxSessions;
  private final ChannelOptions options;
  private final java.util.function.Consumer<String> log;
  private final java.util.function.Supplier<Prg> prgs;
  private final String preprocessing;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  /**
   * @param prgs each session's randomness (a fresh {@link Prg#secure()} per session for a real
   *     server)
   */
  public InferenceServer(SecureModel model, ServerSocket socket, int maxSessions, ChannelOptions options, java.util.function.Consumer<String> log,
      java.util.function.Supplier<Prg> prgs, String preprocessing) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("max sessions must be at least 1, got " + maxSessions);
    }
    this.model = model;
    this.socket = socket;
    this.maxSessions = maxSessions;
    this.options = options;
    this.log = log;
    this.prgs = prgs;
    this.preprocessing = preprocessing;
    this.slots = new Semaphore(maxSessions);
    this.pool = Executors.newFixedThreadPool(maxSessions, r -> {
      Thread t = new Thread(r, "session");
      t.setDaemon(true);
      return t;
    });
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** Sessions that ended well so far. */
  public int served() {
    return served.get();
  }

  /** Sessions that failed so far. */
  public int failed() {
    return failed.get();
  }

  /**
   * Accepts clients until {@code sessions} sessions have ended (well or not; a negative count: until
   * the socket is closed) and returns when they have.
   */
  public void serve(int sessions) throws InterruptedException {
    int started = 0;
    while (sessions < 0 || started < sessions) {
      Channel ch;
      try {
        socket.setSoTimeout(0);
        java.net.Socket s = socket.accept();
        ch = TcpChannels.wrap(s, "server", options);
      } catch (SocketException e) {
        break; // closed
      } catch (IOException e) {
        log.accept("serve: accept failed: " + e.getMessage());
        continue;
      }
      if (!slots.tryAcquire()) {
        busy(ch);
        continue;
      }
      started++;
      Channel c = ch;
      pool.execute(() -> {
        try {
          session(c);
        } finally {
          slots.release();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(365, TimeUnit.DAYS);
  }

  private void busy(Channel ch) {
    try {
      Handshake.sendText(ch, "hello", List.of("version=" + InferenceConfig.VERSION, "busy=" + maxSessions));
      ch.flush();
      log.accept(String.format(Locale.ROOT, "session %s: refused: busy (%d sessions running)", ch.peer(), maxSessions));
    } catch (ProtocolException e) {
      // the client is gone already
    } finally {
      ch.close();
    }
  }

  private void session(Channel ch) {
    long t0 = System.nanoTime();
    String peer = ch.peer();
    try {
      List<ServerSession.Outcome> images = new ServerSession(model, prgs.get(), null, preprocessing).run(ch, SessionChannels.tcpServer());
      served.incrementAndGet();
      if (images.isEmpty()) {
        log.accept(String.format(Locale.ROOT, "session %s: model %s: ended by the client before any image", peer, model.name()));
      }
      for (int i = 0; i < images.size(); i++) {
        ServerSession.Outcome o = images.get(i);
        log.accept(String.format(Locale.ROOT,
            "session %s: model %s: %sdone%s online %.3f s, setup %.3f s, sent %d B, received %d B, rounds %d",
            peer, model.name(), images.size() == 1 ? "" : "image " + (i + 1) + "/" + images.size() + " ",
            o.verdict() == null ? "" : o.verdict().ok() ? " (verified)" : " (VERIFY MISMATCH: " + o.verdict().describe() + ")",
            o.stats().onlineSeconds(), o.stats().setupSeconds(), o.stats().onlineSent(), o.stats().onlineReceived(),
            o.stats().onlineRounds()));
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      log.accept(String.format(Locale.ROOT, "session %s: model %s: failed after %.1f s: %s", peer, model.name(),
          (System.nanoTime() - t0) / 1e9, e.getMessage()));
    } finally {
      ch.close();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    pool.shutdownNow();
  }
}
