package jaguar.experiment.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import jaguar.conv.ConvPlan;
import jaguar.conv.ConvProtocol;
import jaguar.conv.ConvShape;
import jaguar.conv.Layout;
import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import jaguar.nn.Layer;
import jaguar.nn.Model;
import jaguar.nn.ModelZoo;
import jaguar.nn.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HE-tailored models and the tailored-nets kind: the strianet widths leave no input ciphertext
 * of any convolution part-empty under Jaguar's packing at N = 2048 (resnet8-fmnist's 64 channels
 * at 7x7 do); every 3x3 after the stem is a cross; the kind refuses a baseline outside its models
 * and more than one vectorisation; a small run writes one row per model and protocol whose gains
 * are the baseline model's measurement over the model's.
 */
class TailoredNetsTest {
  /** Convolutions whose input channels do not fill their last input ciphertext (Jaguar, N = 2048). */
  private static List<String> partEmpty(String name) {
    Model m = ModelZoo.get(name);
    List<String> out = new ArrayList<>();
    for (Node n : m.nodes()) {
      if (n.layer() instanceof Layer.Conv c) {
        Node in = m.node(n.input(0));
        ConvShape s = new ConvShape(in.height(), in.width(), c.in(), c.out(), c.k(), c.stride(), c.pad(), c.groups());
        ConvPlan p = ConvPlan.of(s, 2048, ConvProtocol.JAGUAR, Layout.AUTO);
        if (c.in() % p.blockChannels() != 0) {
          out.add(c.name() + " " + c.in() + " channels in blocks of " + p.blockChannels());
        }
      }
    }
    return out;
  }

  @Test
  void tailoredWidthsFillTheInputCiphertextsAndTheirThreeByThreesAreCrosses() {
    for (String name : ModelZoo.TAILORED) {
      if (name.startsWith("strianet")) {
        assertThat(partEmpty(name)).as(name).isEmpty();
      }
      Model m = ModelZoo.get(name);
      for (Node n : m.nodes()) {
        if (n.layer() instanceof Layer.Conv c && c.k() == 3) {
          assertThat(c.cross()).as(name + " " + c.name()).isEqualTo(!c.name().equals("conv1"));
        }
      }
    }
    assertThat(partEmpty("resnet8-fmnist")).containsExactly("layer3.0.conv2 64 channels in blocks of 22");
    assertThat(partEmpty("resnet8-cross-fmnist")).isEqualTo(partEmpty("resnet8-fmnist")); // the same widths
    assertThat(ModelZoo.get("strianet-fmnist").parameterCount())
        .isBetween(ModelZoo.get("resnet8-fmnist").parameterCount() * 9 / 10, ModelZoo.get("resnet8-fmnist").parameterCount());
  }

  private static Path config(Path dir, String... extra) throws Exception {
    List<String> lines = new ArrayList<>(List.of("name: tn", "kind: tailored-nets", "models: [strianet-fmnist-s, resnet8-cross-fmnist]",
        "baseline: strianet-fmnist-s", "protocols: [jaguar-hybrid, cheetah-ntt]", "networks:",
        "  - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}", "images: 1", "transport: in-process", "heap_mb: 2048",
        "accuracy_images: 50", "reference_images: 10"));
    lines.addAll(List.of(extra));
    Path c = dir.resolve("tn.yaml");
    Files.writeString(c, String.join("\n", lines) + "\n");
    return c;
  }

  @Test
  void refusesABaselineOutsideTheModelsAndTwoVectorisations(@TempDir Path dir) throws Exception {
    Path bad = config(dir, "vectorisation: [avx-off, avx-on]");
    assertThatThrownBy(() -> Runner.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("vectorisation");
    Files.writeString(bad, Files.readString(config(dir)).replace("baseline: strianet-fmnist-s", "baseline: resnet8-fmnist"));
    assertThatThrownBy(() -> Runner.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("baseline")
        .hasMessageContaining("resnet8-fmnist");
  }

  @Test
  void endToEndSessionsOfSeveralImagesOverTcpReportEveryImageExact(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("e2e.yaml");
    Files.writeString(c, String.join("\n", "name: e2e", "kind: end-to-end", "models: [strianet-fmnist-s]",
        "protocols: [jaguar-hybrid]", "networks:", "  - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}",
        "images: 3", "images_per_session: 2", "warmup: 1", "transport: tcp", "heap_mb: 1024", ""));
    new Runner(dir, System.err).run(Runner.load(c)); // the server serves 1 + 2 sessions, then exits
    List<Map<String, String>> r = rows(dir.resolve("e2e/end_to_end.csv"));
    assertThat(r).extracting(m -> m.get("image")).containsExactly("0", "1", "2");
    for (Map<String, String> m : r) {
      assertThat(m.get("images_per_session")).isEqualTo("2");
      assertThat(m.get("logit_mismatches")).isEqualTo("0");
      assertThat(m.get("top1")).isEqualTo(m.get("top1_reference"));
    }
  }

  private static List<Map<String, String>> rows(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    return EndToEndTables.parse(lines.get(0), lines.subList(1, lines.size()));
  }

  @Test
  void aRunWritesEveryModelAndProtocolWithItsGainsOverTheBaseline(@TempDir Path dir) throws Exception {
    new Runner(dir, System.err).run(Runner.load(config(dir)));
    List<Map<String, String>> t = rows(dir.resolve("tn/tailored.csv"));
    assertThat(t).hasSize(4);
    Map<String, Map<String, String>> byKey = new HashMap<>();
    for (Map<String, String> r : t) {
      byKey.put(r.get("model") + "/" + r.get("protocol"), r);
      assertThat(Double.parseDouble(r.get("top1_fp32"))).isGreaterThan(0.7);
      assertThat(Double.parseDouble(r.get("online_s"))).isPositive();
    }
    for (String p : List.of("jaguar-hybrid", "cheetah-ntt")) {
      Map<String, String> base = byKey.get("strianet-fmnist-s/" + p);
      Map<String, String> m = byKey.get("resnet8-cross-fmnist/" + p);
      assertThat(base.get("gain_online")).isEqualTo("1.0");
      assertThat(Double.parseDouble(m.get("gain_online")))
          .isCloseTo(Double.parseDouble(base.get("online_s")) / Double.parseDouble(m.get("online_s")), offset(1e-9));
      assertThat(m.get("cross_convs")).isEqualTo("6");
      assertThat(m.get("relus")).isEqualTo("56448");
    }
    List<Map<String, String>> g = rows(dir.resolve("tn/gains.csv"));
    assertThat(g).hasSize(2);
    Map<String, String> gm = g.get(1);
    assertThat(gm.get("model")).isEqualTo("resnet8-cross-fmnist");
    assertThat(Double.parseDouble(gm.get("gain_ratio"))).isCloseTo(
        Double.parseDouble(byKey.get("resnet8-cross-fmnist/jaguar-hybrid").get("gain_online"))
            / Double.parseDouble(byKey.get("resnet8-cross-fmnist/cheetah-ntt").get("gain_online")), offset(1e-9));
    assertThat(dir.resolve("tn/end_to_end.csv")).exists();
  }
}
