package jaguar.experiment.security;

import jaguar.experiment.Experiment;
import jaguar.experiment.ResultTable;
import jaguar.experiment.RunContext;
import jaguar.math.Prg;
import jaguar.nn.BatchNormFolding;
import jaguar.nn.EquivariantTransform;
import jaguar.nn.FashionMnist;
import jaguar.nn.FixedPointInference;
import jaguar.nn.FixedPointSpec;
import jaguar.nn.FloatInference;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.NetworkWeights;
import jaguar.nn.TruncationErrors;
import jaguar.protocol.ClientSession;
import jaguar.protocol.InferenceConfig;
import jaguar.protocol.SecureModel;
import jaguar.protocol.TwoParties;
import jaguar.protocol.VerifyMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link EquivariantKind}: per model and key kind, a key drawn from the run's seed (named
 * {@code insecureSeeded}: the experiment must be reproducible), then over the first {@code images}
 * Fashion-MNIST test images: plaintext float inference and the EE inference (the key holder's first
 * layer, the untrusted party's rest on W', the logits un-transformed), timed in turn on the same
 * images; their top-1 agreement and largest logit difference; for permutation-only keys, fixed-point
 * inference on W' against the original's, which must be bit-exact (a mismatch fails the run);
 * attack (a) on the transformed weights and attack (b) on every image ({@link EquivariantAttacks}).
 * Beside it, in the same run, the cryptographic protocols on the first {@code secure_images}
 * images (both parties in this process over an in-memory channel, every image checked against the
 * fixed-point reference): Jaguar ({@code jaguar-hybrid}, private truncation) and Cheetah
 * ({@code cheetah-ntt}), their online time and bytes per image. Writes {@code equivariant.csv} and
 * {@code protocols.csv}.
 */
final class EquivariantExperiment implements Experiment {
  /** Images of the fixed-point exactness check (it runs the slower integer inference twice). */
  private static final int EXACT_IMAGES = 10;

  private final List<String> models;
  private final List<Boolean> scales;
  private final int images;
  private final int secureImages;

  EquivariantExperiment(List<String> models, List<Boolean> scales, int images, int secureImages) {
    this.models = List.copyOf(models);
    this.scales = List.copyOf(scales);
    this.images = images;
    this.secureImages = secureImages;
  }

  @Override
  public void run(RunContext ctx) throws Exception {
    FashionMnist test = FashionMnist.load(Path.of(FashionMnist.DEFAULT_DIR), "test");
    if (images > test.count()) {
      throw new IllegalArgumentException("images: " + images + " asked, the Fashion-MNIST test set has " + test.count());
    }
    ResultTable t = ResultTable.withColumns("equivariant",
        "model", "key", "key_description", "images", "plain_ms", "ee_ms", "key_holder_ms", "overhead",
        "bytes_to_server", "bytes_to_key_holder", "top1_agreement", "max_abs_logit_diff", "fixed_point_exact",
        "layers_attacked", "channels_secret", "channels_recovered", "fraction_recovered", "attack_a_seconds",
        "psnr_db_mean", "psnr_db_min", "images_recovered_above_40db", "no_key_correlation_mean");
    ResultTable protocols = ResultTable.withColumns("protocols",
        "model", "protocol", "images", "online_ms", "bytes", "plain_ms", "over_plain");
    Prg keys = Prg.insecureSeeded(ctx.seed());
    jaguar.conv.KernelCosts costs = jaguar.conv.KernelCosts.machine();
    for (String name : models) {
      Model m = ModelZoo.get(name);
      NetworkWeights.Loaded w = NetworkWeights.load(name, null, NetworkWeights.Synthetic.DEFAULT);
      BatchNormFolding.Folded folded = BatchNormFolding.fold(m, w.weights());
      double plainMs = plainMs(folded, test);
      for (String protocol : List.of("jaguar-hybrid", "cheetah-ntt")) {
        InferenceConfig cfg = (protocol.equals("jaguar-hybrid") ? InferenceConfig.jaguar()
            : InferenceConfig.cheetah().withConv(jaguar.conv.ConvProtocol.CHEETAH_NTT)).withVerify(VerifyMode.FINAL);
        SecureModel sm = SecureModel.of(m, w.weights(), cfg, costs);
        double[] r = secure(sm, name, protocol, test);
        protocols.row(name, protocol, secureImages, r[0], (long) r[1], plainMs, r[0] / plainMs);
        ctx.log(String.format(Locale.ROOT, "%s %s: %.1f ms and %.0f bytes per image online (plaintext %.3f ms)",
            name, protocol, r[0], r[1], plainMs));
      }
      for (boolean withScales : scales) {
        String key = withScales ? "permutation-scale" : "permutation";
        EquivariantTransform ee = EquivariantTransform.generate(folded.model(), folded.weights(), withScales, keys.fork());
        ctx.log(name + " " + key + ": " + ee.describe());
        FloatInference plain = new FloatInference(folded.model(), folded.weights());
        FloatInference server = new FloatInference(folded.model(), ee.transformedWeights());
        for (int i = 0; i < Math.min(images, 10); i++) { // warm up both paths
          plain.run(test.image(i));
          ee.run(test.image(i));
        }
        int agree = 0;
        double maxDiff = 0;
        long plainNs = 0;
        long eeNs = 0;
        long holderNs = 0;
        for (int i = 0; i < images; i++) {
          float[] x = test.image(i);
          long t0 = System.nanoTime();
          float[] ref = plain.run(x);
          long t1 = System.nanoTime();
          float[] sent = ee.clientFirstLayer(x);
          long t2 = System.nanoTime();
          float[] back = server.runFrom(ee.firstNode(), sent);
          long t3 = System.nanoTime();
          float[] logits = ee.untransform(folded.model().output().id(), back);
          long t4 = System.nanoTime();
          plainNs += t1 - t0;
          eeNs += t4 - t1;
          holderNs += (t2 - t1) + (t4 - t3);
          agree += FloatInference.argmax(ref) == FloatInference.argmax(logits) ? 1 : 0;
          for (int c = 0; c < ref.length; c++) {
            maxDiff = Math.max(maxDiff, Math.abs(ref[c] - logits[c]));
          }
        }
        Boolean exact = withScales ? null : fixedPointExact(ee, folded, test);
        EquivariantAttacks.Recovery a = EquivariantAttacks.recoverPermutations(ee, folded.weights());
        EquivariantAttacks.InputAttack attack = new EquivariantAttacks.InputAttack(ee, folded.weights(), a);
        double psnrSum = 0;
        double psnrMin = Double.POSITIVE_INFINITY;
        double corrSum = 0;
        int above = 0;
        for (int i = 0; i < images; i++) {
          float[] x = test.image(i);
          EquivariantAttacks.InputRecovery r = attack.recover(ee.clientFirstLayer(x), x);
          double p = Math.min(r.psnrDb(), 200); // a perfect recovery counts as 200 dB in the mean
          psnrSum += p;
          psnrMin = Math.min(psnrMin, p);
          corrSum += r.noKeyCorrelation();
          above += p > 40 ? 1 : 0;
        }
        int sentBytes = folded.model().node(ee.firstNode()).size() * Float.BYTES;
        int backBytes = folded.model().output().size() * Float.BYTES;
        t.row(name, key, ee.describe(), images, plainNs / 1e6 / images, eeNs / 1e6 / images, holderNs / 1e6 / images,
            (double) eeNs / plainNs, sentBytes, backBytes, (double) agree / images, maxDiff, exact, a.layersUsed(),
            a.channels(), a.correct(), a.fraction(), a.seconds(), psnrSum / images, psnrMin, above,
            corrSum / images);
        ctx.log(String.format(Locale.ROOT,
            "%s %s: EE %.3f ms vs plain %.3f ms per image (%.2fx), top-1 agreement %.3f; the public model gives"
                + " %d of %d secret channels (%.1f %%) in %.2f s; the image back at %.1f dB mean PSNR"
                + " (%d of %d above 40 dB); key-free channel-sum correlation %.2f",
            name, key, eeNs / 1e6 / images, plainNs / 1e6 / images, (double) eeNs / plainNs, (double) agree / images,
            a.correct(), a.channels(), 100 * a.fraction(), a.seconds(), psnrSum / images, above, images,
            corrSum / images));
      }
    }
    ctx.write("equivariant.csv", t);
    ctx.write("protocols.csv", protocols);
  }

  /** Plaintext float inference, ms per image over the first images (after warming up). */
  private double plainMs(BatchNormFolding.Folded folded, FashionMnist test) {
    FloatInference plain = new FloatInference(folded.model(), folded.weights());
    for (int i = 0; i < Math.min(images, 10); i++) {
      plain.run(test.image(i));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < images; i++) {
      plain.run(test.image(i));
    }
    return (System.nanoTime() - t0) / 1e6 / images;
  }

  /**
   * Online ms and bytes per image of one protocol over the first secureImages images, one session,
   * both parties here, each with its own {@link Prg#secure()}; fails if an image disagrees with
   * the fixed-point reference.
   */
  private double[] secure(SecureModel sm, String model, String protocol, FashionMnist test) {
    List<float[]> in = new ArrayList<>();
    for (int i = 0; i < secureImages; i++) {
      in.add(test.image(i));
    }
    jaguar.net.Channel[] ch = jaguar.net.Channel.inMemoryPair("server", "client", jaguar.net.ChannelOptions.defaults());
    List<TwoParties.Outcome> os;
    try {
      os = TwoParties.run(sm, in, ch[0], ch[1], Prg.secure(), Prg.secure(), null);
    } finally {
      ch[0].close();
      ch[1].close();
    }
    double seconds = 0;
    double bytes = 0;
    for (int i = 0; i < os.size(); i++) {
      ClientSession.Outcome o = os.get(i).client();
      if (!o.verdict().ok()) {
        throw new IllegalStateException(model + " " + protocol + " image " + i + ": the secure run disagrees with the reference: "
            + o.verdict().describe());
      }
      seconds += o.stats().onlineSeconds();
      bytes += o.stats().onlineSent() + o.stats().onlineReceived();
    }
    return new double[] {seconds * 1e3 / os.size(), bytes / os.size()};
  }

  /**
   * Fixed-point inference (Cheetah's ell = 37, f = 12, exact truncation) on the permuted weights,
   * un-permuted, against the original's: equal on every logit of the first images, else the run fails.
   */
  private static boolean fixedPointExact(EquivariantTransform ee, BatchNormFolding.Folded folded, FashionMnist test) {
    FixedPointSpec spec = FixedPointSpec.cheetah(37, 12);
    FixedPointInference a = new FixedPointInference(folded.model(), folded.weights(), spec);
    FixedPointInference b = new FixedPointInference(folded.model(), ee.transformedWeights(), spec);
    int[] p = ee.permutation(folded.model().output().id());
    for (int i = 0; i < Math.min(EXACT_IMAGES, test.count()); i++) {
      long[] la = a.run(test.image(i), TruncationErrors.none()).logits();
      long[] lb = b.run(test.image(i), TruncationErrors.none()).logits();
      for (int c = 0; c < la.length; c++) {
        if (la[c] != lb[p[c]]) {
          throw new IllegalStateException(folded.model().name() + ": fixed-point inference on the permuted weights"
              + " differs at image " + i + " logit " + c + ": " + lb[p[c]] + " vs " + la[c]);
        }
      }
    }
    return true;
  }
}
