package jaguar.experiment.endtoend;

import jaguar.conv.KernelCosts;
import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.experiment.ShardFiles;
import jaguar.experiment.Shardable;
import jaguar.math.Prg;
import jaguar.mpc.ot.OtKind;
import jaguar.net.Channel;
import jaguar.net.ChannelOptions;
import jaguar.nn.FashionMnist;
import jaguar.nn.FloatInference;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.protocol.ClientSession;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.SecureModel;
import jaguar.protocol.TwoParties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs {@code kind: private-accuracy} ({@link PrivateAccuracyKind}): every (model, protocol, test
 * image) inference, checked against the reference; {@code images.csv} one row per image, {@code
 * accuracy.csv} derived from it. Shards by blocks of consecutive images (every model and protocol
 * of an image in one shard); each block is one session per model and protocol (one setup, its
 * images in turn: {@code session_image} is an image's place in it, and the first image's online
 * time includes the OT extension the later ones draw on).
 *
 * @param owned the image blocks this run covers, or null for all
 */
record PrivateAccuracyExperiment(List<String> models, List<String> protocols, int count, OtKind ot, Set<String> owned)
    implements Shardable {
  static final String IMAGES = "images.csv";
  static final List<String> IMAGE_COLUMNS = List.of("model", "protocol", "image", "label", "top1_private", "top1_reference",
      "top1_fp32", "logit_mismatches", "borrows", "online_s", "comm_mib", "session_image");

  /** One session. */
  record Session(String model, String protocol, long image, long label, long top1, long top1Reference, long top1Fp32,
      long logitMismatches, long borrows, double onlineSeconds, double commMib, long sessionImage) {
    static Session parse(String line) {
      String[] f = line.split(",", -1);
      if (f.length != IMAGE_COLUMNS.size()) {
        throw new IllegalArgumentException(IMAGES + ": expected " + IMAGE_COLUMNS.size() + " fields: " + line);
      }
      return new Session(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
          Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
          Long.parseLong(f[11]));
    }
  }

  /** Images per shard group: blocks of consecutive images, at most 100 groups. */
  private int block() {
    return Math.max(1, (count + 99) / 100);
  }

  private String group(int image) {
    int b = block();
    int lo = image / b * b;
    return "images " + lo + "-" + (Math.min(count, lo + b) - 1);
  }

  @Override
  public List<String> groups() {
    List<String> g = new ArrayList<>();
    for (int i = 0; i < count; i += block()) {
      g.add(group(i));
    }
    return g;
  }

  @Override
  public Experiment only(Set<String> groups) {
    return new PrivateAccuracyExperiment(models, protocols, count, ot, Set.copyOf(groups));
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    if (count > test.count()) {
      throw new IllegalArgumentException("images: " + count + " asked, the Fashion-MNIST test set has " + test.count());
    }
    List<Integer> mine = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (owned == null || owned.contains(group(i))) {
        mine.add(i);
      }
    }
    KernelCosts costs = KernelCosts.machine();
    ctx.log("kernel costs " + costs + "; " + mine.size() + " of " + count + " images");
    List<Session> sessions = new ArrayList<>();
    for (String name : models) {
      Model m = ModelZoo.get(name);
      NetworkWeights.Loaded w = NetworkWeights.load(name, null, NetworkWeights.Synthetic.DEFAULT);
      FloatInference fp = new FloatInference(m, w.weights());
      java.util.Map<Integer, Integer> fpTop = new java.util.HashMap<>();
      for (int i : mine) {
        fpTop.put(i, FloatInference.argmax(fp.run(test.image(i))));
      }
      for (String protocol : protocols) {
        SecureModel sm = SecureModel.of(m, w.weights(), PrivateAccuracyKind.config(protocol, ot), costs);
        try (ProgressBar bar = ctx.progress(name + " " + protocol, mine.size())) {
          for (List<Integer> block : blocks(mine)) {
            sessions.addAll(session(sm, name, protocol, block, test, fpTop));
            bar.stepBy(block.size());
          }
        }
        write(ctx, sessions);
        for (String line : summaries(sessions, name, protocol)) {
          ctx.log(line);
        }
      }
    }
  }

  /** This run's images cut at the shard groups: one session (one setup) per group. */
  private List<List<Integer>> blocks(List<Integer> mine) {
    List<List<Integer>> out = new ArrayList<>();
    String last = null;
    for (int i : mine) {
      if (!group(i).equals(last)) {
        out.add(new ArrayList<>());
        last = group(i);
      }
      out.get(out.size() - 1).add(i);
    }
    return out;
  }

  private static List<Session> session(
      SecureModel sm, String model, String protocol, List<Integer> block, FashionMnist test, java.util.Map<Integer, Integer> fpTop) {
    Channel[] ch = Channel.inMemoryPair("server", "client", ChannelOptions.defaults());
    List<TwoParties.Outcome> os;
    try {
      os = TwoParties.run(sm, block.stream().map(test::image).toList(), ch[0], ch[1], Prg.secure(), Prg.secure(), null);
    } finally {
      ch[0].close();
      ch[1].close();
    }
    List<Session> out = new ArrayList<>();
    for (int k = 0; k < block.size(); k++) {
      int i = block.get(k);
      ClientSession.Outcome o = os.get(k).client();
      if (!o.verdict().ok()) {
        throw new IllegalStateException(model + " " + protocol + " image " + i + ": the secure run disagrees with the reference: "
            + o.verdict().describe());
      }
      double mib = (o.stats().onlineSent() + o.stats().onlineReceived()) / 1048576.0;
      out.add(new Session(model, protocol, i, test.labels()[i], o.label(), o.verdict().referenceLabel(), fpTop.get(i),
          o.verdict().logitMismatches(), o.verdict().truncationErrors(), o.stats().onlineSeconds(), mib, k));
    }
    return out;
  }

  @Override
  public void merge(List<Path> shards, RunContext ctx) throws Exception {
    List<Session> all = new ArrayList<>();
    for (String line : ShardFiles.records(shards, IMAGES, String.join(",", IMAGE_COLUMNS))) {
      all.add(Session.parse(line));
    }
    all.sort(Comparator.<Session>comparingInt(x -> models.indexOf(x.model())).thenComparingInt(x -> protocols.indexOf(x.protocol()))
        .thenComparingLong(Session::image));
    long expected = (long) models.size() * protocols.size() * count;
    if (all.size() != expected) {
      throw new IllegalStateException("merge: the shards hold " + all.size() + " sessions of the config's " + expected);
    }
    write(ctx, all);
  }

  /** Writes {@code images.csv} and {@code accuracy.csv} (one row per model and protocol so far). */
  private void write(RunContext ctx, List<Session> sessions) {
    ResultTable images = ResultTable.withColumns("images", IMAGE_COLUMNS);
    for (Session s : sessions) {
      images.row(s.model(), s.protocol(), s.image(), s.label(), s.top1(), s.top1Reference(), s.top1Fp32(), s.logitMismatches(),
          s.borrows(), s.onlineSeconds(), s.commMib(), s.sessionImage());
    }
    ResultTable accuracy = ResultTable.withColumns("accuracy", "model", "protocol", "conv", "fc", "images", "accuracy_private",
        "accuracy_reference", "accuracy_fp32", "agreement_private_fp32", "agreement_private_reference", "online_s_mean",
        "comm_mib_mean");
    for (String model : models) {
      for (String protocol : protocols) {
        List<Session> of = sessions.stream().filter(s -> s.model().equals(model) && s.protocol().equals(protocol)).toList();
        if (of.isEmpty()) {
          continue;
        }
        double n = of.size();
        InferenceConfig cfg = PrivateAccuracyKind.config(protocol, ot);
        accuracy.row(model, protocol, cfg.conv().label(), cfg.fc().label(), (long) of.size(),
            of.stream().filter(s -> s.top1() == s.label()).count() / n,
            of.stream().filter(s -> s.top1Reference() == s.label()).count() / n,
            of.stream().filter(s -> s.top1Fp32() == s.label()).count() / n,
            of.stream().filter(s -> s.top1() == s.top1Fp32()).count() / n,
            of.stream().filter(s -> s.top1() == s.top1Reference()).count() / n,
            of.stream().mapToDouble(Session::onlineSeconds).sum() / n,
            of.stream().mapToDouble(Session::commMib).sum() / n);
      }
    }
    ctx.write("accuracy.csv", accuracy);
    ctx.write(IMAGES, images);
  }

  private static List<String> summaries(List<Session> sessions, String model, String protocol) {
    List<Session> of = sessions.stream().filter(s -> s.model().equals(model) && s.protocol().equals(protocol)).toList();
    double n = of.size();
    return List.of(String.format(Locale.ROOT,
        "%s %s: private accuracy %.4f (reference %.4f, FP32 %.4f) on %d images; agreement with FP32 %.4f; %.3f s and %.2f MiB per image",
        model, protocol, of.stream().filter(s -> s.top1() == s.label()).count() / n,
        of.stream().filter(s -> s.top1Reference() == s.label()).count() / n,
        of.stream().filter(s -> s.top1Fp32() == s.label()).count() / n, of.size(),
        of.stream().filter(s -> s.top1() == s.top1Fp32()).count() / n,
        of.stream().mapToDouble(Session::onlineSeconds).sum() / n, of.stream().mapToDouble(Session::commMib).sum() / n));
  }
}
