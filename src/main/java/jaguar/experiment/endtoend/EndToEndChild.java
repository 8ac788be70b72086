package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.experiment.ServerProcess;
import jaguar.math.Prg;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.TcpChannels;
import jaguar.protocol.ClientSession;
import jaguar.protocol.SessionChannels;
import jaguar.protocol.Handshake;
import jaguar.protocol.LayerReport;
import jaguar.protocol.SecureModel;
import jaguar.protocol.TwoParties;
import jaguar.nn.ModelZoo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measuring side of the end-to-end experiment, one child JVM per vectorisation: {@code
 * EndToEndChild <job.yaml> <vectorisation> <output dir>}. Measures jaguar-hybrid's kernel costs in
 * this JVM (unless pinned), then runs every (model, variant, threads, network, image) session,
 * both parties here ({@code in-process}) or the server in a JVM of its own per cell ({@code tcp};
 * same flags, so each party's heap is its own), checks every image against the reference (a
 * mismatch fails the run) and writes {@code rows-<v>.csv}, {@code layers-<v>.csv} and {@code
 * costs-<v>.csv}.
 */
public final class EndToEndChild {
  static final String ROWS = "model,protocol,conv,fc,relu,truncation,network,vectorisation,threads,image,transport,"
      + "online_s,setup_s,comm_mib,comm_mib_client_sent,comm_mib_server_sent,rounds,setup_mib,peak_heap_mib_client,"
      + "peak_heap_mib_server,heap_scope,top1,top1_reference,logit_mismatches,borrows,model_load_s,images_per_session";
  static final String LAYERS = "model,protocol,network,vectorisation,threads,image,party," + LayerReport.HEADER;
  static final String COSTS = "vectorisation,n,ns_per_multiply_add,ns_per_ntt,ns_per_pointwise,ns_per_crt_coefficient,source";

  private EndToEndChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> job = jaguar.experiment.ChildJvm.readJob(Path.of(args[0]));
    run(EndToEndSettings.fromJob(job), Path.of(args[0]), args[1], Path.of(args[2]), System.out);
  }

  static Path file(Path dir, String kind, String vectorisation) {
    return dir.resolve(kind + "-" + vectorisation + ".csv");
  }

  static void run(EndToEndSettings s, Path job, String vec, Path dir, PrintStream log) throws Exception {
    KernelCosts costs = s.costs() != null ? s.costs() : KernelCosts.machine();
    log.printf(Locale.ROOT, "%s: %s, %d cores, max heap %d MiB; kernel costs %s (%s)%n", vec, Runtime.version(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, costs,
        s.costs() != null ? "pinned by the config" : "measured here");
    try (BufferedWriter rows = writer(file(dir, "rows", vec), ROWS);
        BufferedWriter layers = writer(file(dir, "layers", vec), LAYERS);
        BufferedWriter c = writer(file(dir, "costs", vec), COSTS)) {
      c.write(String.format(Locale.ROOT, "%s,%d,%.6f,%.3f,%.3f,%.6f,%s%n", vec, costs.n(), costs.nsPerMultiplyAdd(),
          costs.nsPerNtt(), costs.nsPerPointwise(), costs.nsPerCrtCoefficient(), s.costs() != null ? "pinned" : "measured"));
      for (String model : s.models()) {
        if (!s.covers(model)) {
          continue;
        }
        List<float[]> images = Cell.images(s, model);
        log.printf(Locale.ROOT, "%s: %s weights%n", model, Cell.saveWeights(s, job.getParent(), model));
        for (Variant v : s.variants()) {
          for (int threads : s.threads()) {
            SecureModel sm = s.tcp() ? null : Cell.model(s, job.getParent(), model, v, threads, costs);
            for (int n = 0; n < s.networks().size(); n++) {
              NetworkProfile net = s.networks().get(n);
              if (!s.covers(model, net.name())) {
                continue;
              }
              ChannelOptions options = new ChannelOptions(net, Duration.ofSeconds(600));
              log.printf(Locale.ROOT, "%s %s %s threads=%d %s: %d image(s)%n", vec, model, v.label(), threads, net.name(), images.size());
              ServerProcess server = s.tcp()
                  ? ServerProcess.start(EndToEndServer.class.getName(), ServerProcess.inheritedFlags(),
                      List.of(job.toString(), model, v.label(), Integer.toString(threads), Integer.toString(n),
                          EndToEndServer.costsArg(costs)), EndToEndServer.LISTENING, log)
                  : null;
              try {
                for (int w = 0; w < s.warmup(); w++) {
                  ClientSession.Outcome o = session(s, model, v, threads, sm, server, options, images.subList(0, 1)).get(0);
                  check(o, model, v, net, -1);
                  log.printf(Locale.ROOT, "  warm-up session: online %.3f s (not reported)%n", o.stats().onlineSeconds());
                }
                for (int start = 0; start < images.size(); start += s.imagesPerSession()) {
                  List<ClientSession.Outcome> os = session(s, model, v, threads, sm, server, options,
                      images.subList(start, Math.min(images.size(), start + s.imagesPerSession())));
                  for (int j = 0; j < os.size(); j++) {
                    int i = start + j;
                    ClientSession.Outcome o = os.get(j);
                    check(o, model, v, net, i);
                    rows.write(row(s, model, v, net, vec, threads, i, o, sm));
                    rows.newLine();
                    String prefix = String.join(",", model, v.label(), net.name(), vec, Integer.toString(threads), Integer.toString(i));
                    for (LayerReport l : o.client()) {
                      layers.write(prefix + ",client," + l.csv());
                      layers.newLine();
                    }
                    for (LayerReport l : o.server()) {
                      layers.write(prefix + ",server," + l.csv());
                      layers.newLine();
                    }
                    rows.flush();
                    layers.flush();
                    log.printf(Locale.ROOT, "  image %d: online %.3f s, %.1f MiB, %d rounds, top1 %d (reference %d)%n", i,
                        o.stats().onlineSeconds(), (o.stats().onlineSent() + o.stats().onlineReceived()) / 1048576.0,
                        o.stats().onlineRounds(), o.label(), o.verdict().referenceLabel());
                  }
                }
              } finally {
                if (server != null) {
                  server.awaitExit(60);
                }
              }
            }
          }
        }
      }
    }
  }

  /** One session of {@code images} (in this process, or against the cell's server over TCP): the client's outcomes. */
  private static List<ClientSession.Outcome> session(EndToEndSettings s, String model, Variant v, int threads, SecureModel sm,
      ServerProcess server, ChannelOptions options, List<float[]> images) {
    if (!s.tcp()) {
      Channel[] ch = Channel.inMemoryPair("server", "client", options);
      try {
        return TwoParties.run(sm, images, ch[0], ch[1], Prg.secure(), Prg.secure(), null).stream()
            .map(TwoParties.Outcome::client).toList();
      } finally {
        ch[0].close();
        ch[1].close();
      }
    }
    for (int attempt = 1; ; attempt++) {
      Channel ch = TcpChannels.connect("127.0.0.1", server.port(), "client", options);
      try {
        ClientSession c = new ClientSession(Handshake.Expectations.of(Cell.config(s, v, threads), model,
            ModelZoo.get(model).input().height()), threads, Prg.secure(), null);
        return c.run(ch, SessionChannels.tcpClient("127.0.0.1"), images.size(), (i, m, p) -> images.get(i));
      } catch (jaguar.protocol.HandshakeException e) {
        // the server still closes the previous session (its slot is freed after the client has its result)
        if (!e.field().equals("busy") || attempt == BUSY_RETRIES) {
          throw e;
        }
      } finally {
        ch.close();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the server was busy", e);
      }
    }
  }

  /** Connections a session tries while the one-slot server still closes the previous session (20 ms apart). */
  private static final int BUSY_RETRIES = 500;

  private static void check(ClientSession.Outcome o, String model, Variant v, NetworkProfile net, int image) {
    if (!o.verdict().ok()) {
      throw new IllegalStateException(model + " " + v.label() + " " + net.name() + (image < 0 ? " warm-up" : " image " + image)
          + ": the secure run disagrees with the reference: " + o.verdict().describe());
    }
  }

  private static String row(EndToEndSettings s, String model, Variant v, NetworkProfile net, String vec, int threads, int image,
      ClientSession.Outcome o, SecureModel sm) {
    var st = o.stats();
    double mib = 1048576.0;
    double serverHeap = s.tcp() ? o.serverValue("peak_heap_mib") : o.peakHeapMiB();
    double load = s.tcp() ? o.serverValue("model_load_s") : sm.loadSeconds();
    return String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%d,%d,%s,%.4f,%.4f,%.3f,%.3f,%.3f,%d,%.3f,%.0f,%.0f,%s,%d,%d,%d,%d,%.3f,%d",
        model, v.label(), v.convLabel(), v.fcLabel(), s.relu().name().toLowerCase(Locale.ROOT), v.protocol() == jaguar.protocol.Protocol.JAGUAR ? s.truncation().label() : "one-lsb",
        net.name(), vec, threads, image, s.tcp() ? "tcp" : "in-process", st.onlineSeconds(), st.setupSeconds(),
        (st.onlineSent() + st.onlineReceived()) / mib, st.onlineSent() / mib, st.onlineReceived() / mib, st.onlineRounds(),
        (st.setupSent() + st.setupReceived()) / mib, o.peakHeapMiB(), serverHeap, s.tcp() ? "party" : "process (both parties)",
        o.label(), o.verdict().referenceLabel(), o.verdict().logitMismatches(), o.verdict().truncationErrors(), load, s.imagesPerSession());
  }

  private static BufferedWriter writer(Path file, String header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write(header);
    w.newLine();
    return w;
  }
}
