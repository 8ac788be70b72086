package jaguar.experiment.nonlinear;

import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.mpc.CostModel;
import jaguar.mpc.NonlinearOp;
import jaguar.mpc.NonlinearVerifier;
import jaguar.mpc.Role;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.net.NetworkProfile;
import jaguar.net.TwoPartyRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import me.tongfei.progressbar.ProgressBar;

/**
 * The nonlinear-stage experiment (paper Tables 2 and 4). Writes {@code layers.csv} (the ResNet-50
 * element counts), {@code stages.csv} (latency and MiB per stage, path, network and OT backend,
 * beside the paper's values) and {@code bits_per_element.csv} (each protocol's bits per element
 * with each backend, analytic and measured).
 */
final class NonlinearStageExperiment implements Experiment {
  private final StageSettings s;

  NonlinearStageExperiment(StageSettings settings) {
    this.s = settings;
  }

  StageSettings settings() {
    return s;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    ResNet50Stages net = ResNet50Stages.load();
    List<ResNet50Stages.Layer> layers = net.layers();
    long full = net.reluElements();
    long run = net.reluLayers().stream().mapToLong(l -> s.scaled(l.elements())).sum();
    ctx.log(String.format(Locale.ROOT,
        "ResNet-50: %d ReLU layers, %d ReLU inputs; %d convolution outputs (Cheetah's truncations); running %d ReLU inputs (scale %s)%s",
        net.reluLayers().size(), full, net.convOutputs(), run, s.scale(),
        s.scale() < 1 ? " -- a scaled-down run; the *_amortised columns extrapolate to the full network" : ""));
    writeLayers(ctx, net);
    Map<String, double[]> paper = paperTable4();
    ResultTable stages = ResultTable.withColumns("stages",
        "network", "bandwidth_mb_s", "rtt_ms", "threads", "path", "stage", "variant", "relu", "ring_bits", "layers",
        "elements_resnet50", "elements_run", "scale", "seconds", "mib", "rounds",
        "seconds_amortised", "mib_amortised", "paper_seconds", "paper_mib",
        "checked", "mismatches", "lsb_errors", "ot", "ot_mib", "ot_seconds", "cots", "ot_bits_per_cot");
    for (OtKind ot : s.ots()) {
      for (int threads : s.threads()) {
        for (NetworkProfile network : s.networks()) {
          runNetwork(ctx, network, ot, threads, layers, full, paper, stages);
        }
      }
    }
    ctx.write("stages.csv", stages);
    writeBitsPerElement(ctx);
  }

  private void writeLayers(RunContext ctx, ResNet50Stages net) {
    ResultTable t = ResultTable.withColumns("layers", "layer", "conv", "kind", "elements", "relu", "elements_run");
    int i = 0;
    for (ResNet50Stages.Layer l : net.layers()) {
      t.row(i++, l.conv(), l.kind().name().toLowerCase(Locale.ROOT), l.elements(), l.relu(), s.scaled(l.elements()));
    }
    ctx.write("layers.csv", t);
  }

  private void runNetwork(
      RunContext ctx, NetworkProfile network, OtKind ot, int threads, List<ResNet50Stages.Layer> layers, long full,
      Map<String, double[]> paper, ResultTable stages) {
    ctx.log("network " + network + ": Cheetah (ReLU at " + s.cheetahEll() + " bits, truncation by "
        + s.cheetahF() + ") and Jaguar (ReLU at " + s.jaguarReluBits() + " bits, extension to " + s.jaguarT()
        + ": " + String.join(", ", s.extensions()) + ") with " + ot.id() + " OT, " + threads + " thread(s) per party");
    ChannelOptions options = new ChannelOptions(network, Duration.ofSeconds(s.timeoutSeconds()));
    Channel[] serverEnds = new Channel[threads];
    Channel[] clientEnds = new Channel[threads];
    for (int i = 0; i < threads; i++) {
      Channel[] ch = Channel.inMemoryPair("server", "client", options);
      serverEnds[i] = ch[0];
      clientEnds[i] = ch[1];
    }
    Channel.shareEmulatedLink(serverEnds);
    Channel.shareEmulatedLink(clientEnds);
    CyclicBarrier barrier = new CyclicBarrier(2);
    OutputChecker checker = new OutputChecker();
    long seed = ctx.seed() * 7919 + network.name().hashCode();
    TwoPartyRun.Outcome<List<StageSession.Call>, List<StageSession.Call>> o;
    try (ProgressBar bar = ctx.progress(network.name() + " " + ot.id() + " x" + threads, layers.size())) {
      o = TwoPartyRun.run(
          serverEnds[0], c -> new StageSession(Role.SERVER, serverEnds, s, ot, layers, seed, barrier, checker).afterEachLayer(bar::step).run(),
          clientEnds[0], c -> new StageSession(Role.CLIENT, clientEnds, s, ot, layers, seed, barrier, checker).run());
    } finally {
      for (int i = 0; i < threads; i++) {
        serverEnds[i].close();
        clientEnds[i].close();
      }
    }
    Map<String, List<StageSession.Call[]>> groups = new LinkedHashMap<>();
    List<StageSession.Call> server = o.first();
    List<StageSession.Call> client = o.second();
    for (int i = 0; i < server.size(); i++) {
      StageSession.Call a = server.get(i);
      groups.computeIfAbsent(a.path() + "/" + a.stage() + "/" + a.variant() + "/" + a.relu(), k -> new ArrayList<>())
          .add(new StageSession.Call[] {a, client.get(i)});
    }
    // the session's measured cost of generating a COT: bytes of COT generation over COTs generated,
    // both directions, over every measured call (the backend's nominal cost if none ran)
    // and, for Ferret, the wall time its iterations took per COT taken (the slower party's, per call)
    long sessionOtBytes = 0;
    long sessionGenerated = 0;
    long sessionOtNanos = 0;
    long sessionCots = 0;
    for (int i = 0; i < server.size(); i++) {
      sessionOtBytes += server.get(i).otBytesSent() + client.get(i).otBytesSent();
      sessionGenerated += server.get(i).cotsGenerated() + client.get(i).cotsGenerated();
      sessionOtNanos += Math.max(server.get(i).otNanos(), client.get(i).otNanos());
      sessionCots += server.get(i).cotsTaken() + client.get(i).cotsTaken();
    }
    double bytesPerCot = sessionGenerated > 0 ? (double) sessionOtBytes / sessionGenerated : ot.bitsPerCot() / 8;
    double otSecondsPerCot = sessionCots > 0 ? sessionOtNanos / 1e9 / sessionCots : 0;
    double halfRtt = network.rttSeconds() / 2;
    boolean jaguarRowWritten = false;
    for (List<StageSession.Call[]> g : groups.values()) {
      StageSession.Call first = g.get(0)[0];
      long elements = 0;
      long bytes = 0;
      long otBytes = 0;
      long cots = 0;
      double otSeconds = 0;
      long rounds = 0;
      long slices = 0;
      long fullSlices = 0;
      double seconds = 0;
      for (StageSession.Call[] pair : g) {
        StageSession.Call a = pair[0];
        StageSession.Call b = pair[1];
        elements += a.elements();
        bytes += a.bytesSent() + b.bytesSent();
        otBytes += a.otBytesSent() + b.otBytesSent();
        cots += a.cotsTaken() + b.cotsTaken();
        otSeconds += Math.max(a.otNanos(), b.otNanos()) / 1e9;
        rounds += Math.max(a.round(), b.round());
        seconds += (Math.max(a.end(), b.end()) - Math.min(a.start(), b.start())) / 1e9;
        slices += (a.elements() + s.batch() - 1) / s.batch();
        long layerFull = layers.get(a.layer()).elements();
        fullSlices += (layerFull + s.batch() - 1) / s.batch();
      }
      long groupFull = 0;
      for (StageSession.Call[] pair : g) {
        groupFull += layers.get(pair[0].layer()).elements();
      }
      double factor = (double) groupFull / elements;
      double latency = rounds * halfRtt;
      double roundsFull = slices == 0 ? 0 : (double) rounds / slices * fullSlices;
      // The stages share their sessions' COT pools, so the Ferret iterations a stage happens to run
      // depend on what the stages before it left in the pool (with two sessions the refills fall
      // elsewhere than with one). Amortised figures charge every stage its own work plus its COTs
      // at the session's average cost per COT (time and bytes), and at a scaled-down run's full
      // size also its rounds.
      double secondsAmortised = s.scale() >= 1
          ? Math.max(0, seconds - otSeconds) + cots * otSecondsPerCot
          : Math.max(0, seconds - otSeconds - latency) * factor + cots * factor * otSecondsPerCot + roundsFull * halfRtt;
      double mib = bytes / (double) (1 << 20);
      double mibAmortised = (bytes - otBytes + cots * bytesPerCot) / (1 << 20) * factor;
      boolean cheetah = first.path().equals(StageSession.CHEETAH);
      // the paper's stage totals sit beside the variant it compares (fused extension; Cheetah's ReLU
      // at 2f and its MSB-0 truncation, the bulk of each stage)
      boolean paperVariant = cheetah ? !first.variant().contains("after") && !first.variant().equals("signed")
          : first.variant().equals(s.extensions().get(0));
      double[] p = paperVariant ? paper.get(first.stage() + "/" + first.path()) : null;
      String stageKey = first.path() + first.stage() + first.variant() + first.relu(); // as StageSession submits
      OutputChecker.Counts c = checker.counts(stageKey);
      int ringBits = cheetah ? s.cheetahEll() : s.jaguarReluBits();
      stages.row(network.name(), mbs(network), network.rttSeconds() * 1e3, threads, first.path(), first.stage(),
          first.variant(), first.relu(), ringBits, g.size(), groupFull, elements, s.scale(), seconds, mib, rounds,
          secondsAmortised, mibAmortised, paperSeconds(p, network), p == null ? null : p[2],
          c.checked, c.mismatches, c.lsbErrors, ot.id(), otBytes / (double) (1 << 20), otSeconds, cots, bytesPerCot * 8);
      if (c.mismatches > 0) {
        throw new IllegalStateException(first.path() + " " + first.stage() + " (" + first.variant() + ") on "
            + network.name() + ": " + c.mismatches + " of " + c.checked + " outputs differ from the cleartext reference");
      }
      if (!cheetah && !jaguarRowWritten) {
        // Jaguar's truncation of every convolution output is the server's local shift under HE (spec section 5): no 2PC
        double[] pt = paper.get(StageSession.TRUNCATION + "/" + StageSession.JAGUAR);
        stages.row(network.name(), mbs(network), network.rttSeconds() * 1e3, threads, StageSession.JAGUAR,
            StageSession.TRUNCATION, "under-he", "", s.jaguarT(), layers.size(), layers.stream().mapToLong(ResNet50Stages.Layer::elements).sum(),
            0L, s.scale(), null, 0.0, 0L,
            null, 0.0, paperSeconds(pt, network), pt == null ? null : pt[2], 0L, 0L, 0L, ot.id(), 0.0, 0.0, 0L, bytesPerCot * 8);
        jaguarRowWritten = true;
      }
      ctx.log(String.format(Locale.ROOT, "  %-8s %-10s %-14s %-6s %9d elements %8.2f s %10.1f MiB %6d rounds  (amortised%s %.1f s, %.0f MiB)",
          first.path(), first.stage(), first.variant(), first.relu(), elements, seconds, mib, rounds,
          s.scale() < 1 ? ", full size" : "", secondsAmortised, mibAmortised));
    }
  }

  private static Double paperSeconds(double[] p, NetworkProfile network) {
    if (p == null) {
      return null;
    }
    return switch (network.name()) {
      case "lan" -> p[0];
      case "wan" -> p[1];
      default -> null;
    };
  }

  private static double mbs(NetworkProfile n) {
    return Double.isInfinite(n.bytesPerSecond()) ? 0 : n.bytesPerSecond() / 1e6;
  }

  /** The paper's Table 4, keyed by "layer/protocol": {lan_s, wan_s, comm_mib}. */
  static Map<String, double[]> paperTable4() throws IOException {
    Map<String, double[]> m = new HashMap<>();
    try (InputStream in = NonlinearStageExperiment.class.getResourceAsStream("/jaguar/paper/table4_nonlinear.csv")) {
      if (in == null) {
        throw new IllegalStateException("missing resource /jaguar/paper/table4_nonlinear.csv");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        m.put(f[0] + "/" + f[1], new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
      }
    }
    return m;
  }

  /** Table 2: bits per element of each protocol, one slice of {@code table2Elements}, no emulation. */
  private void writeBitsPerElement(RunContext ctx) {
    int n = s.table2Elements();
    int ell = s.cheetahEll();
    int f = s.cheetahF();
    int k = s.jaguarReluBits();
    int t = s.jaguarT();
    record Row(String path, String protocol, String ring, NonlinearOp op, NonlinearOp.Params p) {}
    List<Row> rows = List.of(
        new Row("cheetah", "ReLU", "Z_2^" + ell, NonlinearOp.RELU, new NonlinearOp.Params(ell, 0, 1)),
        new Row("cheetah", "truncation, MSB known 0 (after ReLU)", "Z_2^" + ell + " >> " + f, NonlinearOp.TRUNC_MSB0, new NonlinearOp.Params(ell, f, 1)),
        new Row("cheetah", "truncation, general", "Z_2^" + ell + " >> " + f, NonlinearOp.TRUNC, new NonlinearOp.Params(ell, f, 1)),
        new Row("jaguar", "ReLU", "Z_2^" + k, NonlinearOp.RELU, new NonlinearOp.Params(k, 0, 1)),
        new Row("jaguar", "extension, MSB known 0", "Z_2^" + k + " -> Z_2^" + t, NonlinearOp.EXTEND, new NonlinearOp.Params(k, t - k, 1)),
        new Row("jaguar", "ReLU + extension, fused", "Z_2^" + k + " -> Z_2^" + t, NonlinearOp.RELU_EXTEND, new NonlinearOp.Params(k, t - k, 1)),
        new Row("jaguar", "ReLU + extension, separate", "Z_2^" + k + " -> Z_2^" + t, NonlinearOp.RELU_EXTEND_SEPARATE, new NonlinearOp.Params(k, t - k, 1)));
    ResultTable table = ResultTable.withColumns("bits_per_element",
        "path", "protocol", "ring", "ot", "elements", "analytic_bits", "measured_bits", "protocol_bits",
        "cot_bits", "raw_bits", "measured_bits_per_cot", "cots_per_element", "rounds", "mismatches", "max_error");
    CostModel model = new CostModel(s.radix());
    ctx.log("bits per element (Table 2): " + n + " elements per protocol, one slice, no emulation");
    for (OtKind ot : s.ots()) {
      for (Row r : rows) {
        Channel[] ch = Channel.inMemoryPair("server", "client",
            new ChannelOptions(NetworkProfile.NONE, Duration.ofSeconds(s.timeoutSeconds())));
        NonlinearVerifier.Result v;
        try {
          v = NonlinearVerifier.run(r.op(), r.p(), n, ctx.seed() + r.op().ordinal(), ch[0], ch[1], ot, s.radix(), n);
        } finally {
          ch[0].close();
          ch[1].close();
        }
        if (v.mismatches() > 0) {
          throw new IllegalStateException(r.protocol() + " with " + ot.id() + ": " + v.mismatches() + " outputs differ from the cleartext reference");
        }
        CostModel.Cost c = model.of(r.op(), n, r.p());
        // the protocol's own messages as measured, plus its COTs at the backend's measured cost per
        // generated COT (Ferret generates in iterations of 10.2 million, so the raw count of one
        // slice holds a whole iteration or none)
        double perCot = v.cotsGenerated() > 0 ? v.extensionPayloadBytes() * 8.0 / v.cotsGenerated() : ot.bitsPerCot();
        double protocolBits = (v.payloadBytes() - v.extensionPayloadBytes()) * 8.0 / n;
        double cotBits = v.cotsTaken() * perCot / n;
        double measured = protocolBits + cotBits;
        double analytic = c.bitsPerElement(ot.bitsPerCot(), n);
        table.row(r.path(), r.protocol(), r.ring(), ot.id(), (long) n, analytic, measured, protocolBits, cotBits,
            v.payloadBytes() * 8.0 / n, perCot, c.cots() / (double) n, v.rounds(), v.mismatches(), v.maxError());
        ctx.log(String.format(Locale.ROOT, "  %-6s %-8s %-40s %8.1f bits/element (analytic %8.1f; COTs %.1f), %d rounds",
            ot.id(), r.path(), r.protocol(), measured, analytic, cotBits, v.rounds()));
      }
    }
    ctx.write("bits_per_element.csv", table);
  }
}
