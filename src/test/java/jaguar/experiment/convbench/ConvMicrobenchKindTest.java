package jaguar.experiment.convbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.conv.Layout;
import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvMicrobenchKindTest {
  @TempDir Path dir;

  private BenchSettings load(String yaml) throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "name: x\nkind: conv-microbench\n" + yaml);
    return ((ConvMicrobenchExperiment) Runner.load(f).experiment()).settings();
  }

  private void rejects(String yaml, String... fragments) {
    Path f = dir.resolve("bad.yaml");
    assertThatThrownBy(() -> {
          Files.writeString(f, "name: x\nkind: conv-microbench\n" + yaml);
          Runner.load(f);
        })
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          for (String s : fragments) {
            assertThat(e.getMessage()).contains(s);
          }
        });
  }

  private static final String SHAPE = "shapes:\n  - {name: a, H: 8, W: 8, ci: 4, co: 4, k: 3, pad: 1}\n";

  @Test
  void defaultsAndInlineShapes() throws Exception {
    BenchSettings s = load(SHAPE);
    assertThat(s.repeats()).isEqualTo(10);
    assertThat(s.warmup()).isEqualTo(1);
    assertThat(s.threads()).containsExactly(1);
    assertThat(s.protocols()).containsExactly("jaguar", "cheetah", "cheetah-ntt");
    assertThat(s.vectorisations()).extracting(v -> v.label()).containsExactly("avx-off", "avx-on");
    BenchShape a = s.shapes().get(0);
    assertThat(a.name()).isEqualTo("a");
    assertThat(a.type().label()).isEqualTo("dense");
    assertThat(a.layout()).isEqualTo(Layout.AUTO);
    assertThat(a.group()).isEqualTo(Layout.PACKED);
    assertThat(a.shape().stride()).isEqualTo(1);
    // a depthwise shape gets groups = ci unless told otherwise
    BenchShape d = load("shapes:\n  - {name: d, type: depthwise, H: 50, W: 50, ci: 8, co: 8, k: 3, pad: 1}\n").shapes().get(0);
    assertThat(d.shape().groups()).isEqualTo(8);
    assertThat(d.group()).isEqualTo(Layout.SPLIT);
  }

  @Test
  void badFieldsNameTheShapeFieldAndWhatIsValid() {
    rejects("shapes:\n  - {name: a, H: 8, W: 8, ci: 4, co: 4, k: 30}\n", "field 'shapes[0].k'", "at most the padded input size");
    rejects(SHAPE + "  - {name: b, type: pointwise, H: 8, W: 8, ci: 4, co: 4, k: 3}\n", "field 'shapes[1].type'",
        "'dense' for this geometry");
    rejects("shapes:\n  - {name: a, H: 8, W: 8, ci: 4, co: 6, k: 3, groups: 4}\n", "field 'shapes[0].groups'");
    rejects("shapes:\n  - {name: a, H: 8, W: 8, ci: 4, co: 4, k: 3, strid: 2}\n", "unknown field 'shapes[0].strid'");
    rejects("shapes:\n  - {name: a, H: 0, W: 8, ci: 4, co: 4, k: 3}\n", "field 'shapes[0].H'", "value 0");
    rejects("shapes:\n  - {name: a, W: 8, ci: 4, co: 4, k: 3}\n", "field 'shapes[0].H' is required");
    rejects("shapes:\n  - {name: 'a b', H: 8, W: 8, ci: 4, co: 4, k: 3}\n", "field 'shapes[0].name'");
    rejects("shapes:\n  - {name: a, layout: packed, H: 224, W: 224, ci: 3, co: 4, k: 3}\n",
        "field 'shapes[0].layout'", "for protocol jaguar", "exceeds N=2048");
    rejects("shapes:\n  - {name: a, layout: diagonal, H: 8, W: 8, ci: 4, co: 4, k: 3}\n", "field 'shapes[0].layout'",
        "one of auto, packed, split");
    rejects(SHAPE + "  - {name: a, H: 9, W: 9, ci: 4, co: 4, k: 3}\n", "shape name 'a' is used twice");
    rejects("repeats: 3\n", "'shapes' or 'shapes_from' is required");
    rejects(SHAPE + "protocols: [jaguar, gazelle]\n", "field 'protocols[1]'", "jaguar, jaguar-hybrid, jaguar-ntt, cheetah, cheetah-ntt");
    rejects(SHAPE + "threads: [1, 1]\n", "field 'threads'", "distinct");
    rejects(SHAPE + "vectorisation: [avx-512]\n", "field 'vectorisation[0]'", "avx-on, avx-off");
    rejects(SHAPE + "warmup: 0\n", "field 'warmup'");
    rejects("shapes_from: {models: [vgg16]}\n", "field 'shapes_from.models[0]'", "resnet18, resnet50, mobilenetv2");
    rejects("shapes_from: {models: [resnet18], types: [depthwise]}\n", "field 'shapes_from' selects no layer");
  }

  @Test
  void paperShapesAreDedupedAndGroupedAsThePaperDoes() throws Exception {
    BenchSettings s = load("shapes_from: {models: [resnet18, resnet50, mobilenetv2]}\n");
    Map<String, Integer> groups = new TreeMap<>();
    Map<String, Integer> layers = new TreeMap<>();
    for (BenchShape b : s.shapes()) {
      groups.merge(b.type().label() + "/" + b.group().label(), 1, Integer::sum);
      b.occurrences().forEach((m, n) -> layers.merge(m, n, Integer::sum));
    }
    assertThat(s.shapes()).hasSize(59);
    // grouped by Jaguar's plan: 1x1 stride-2 layers pack their subsampled input (as OpenCheetah
    // does), which makes two of ResNet-50's downsample layers packed that were split otherwise
    assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of(
        "dense/packed", 7, "dense/split", 5, "pointwise/packed", 28, "pointwise/split", 9,
        "depthwise/packed", 6, "depthwise/split", 4));
    // every layer counted once: 20, 53 and 52 convolutions
    assertThat(layers).containsExactlyInAnyOrderEntriesOf(Map.of("resnet18", 20, "resnet50", 53, "mobilenetv2", 52));
    BenchShape conv1 = s.shapes().get(0);
    assertThat(conv1.name()).isEqualTo("resnet18/conv1");
    assertThat(conv1.usedBy()).isEqualTo("resnet18:1 resnet50:1");
    // filters select, and dedupe: false keeps every layer
    List<BenchShape> split = load("shapes_from: {models: [mobilenetv2], types: [depthwise], layouts: [split], dedupe: false}\n").shapes();
    assertThat(split).isNotEmpty().allSatisfy(b -> {
      assertThat(b.type().label()).isEqualTo("depthwise");
      assertThat(b.group()).isEqualTo(Layout.SPLIT);
      assertThat(b.occurrences()).containsOnlyKeys("mobilenetv2");
    });
  }

  @Test
  void theShippedConfigsLoad() throws Exception {
    for (String name : List.of("conv-microbench-hybrid.yaml")) {
      BenchSettings s = ((ConvMicrobenchExperiment) Runner.load(Path.of("configs", name)).experiment()).settings();
      assertThat(s.shapes()).as(name).hasSize(59);
    }
    for (String name : List.of("conv-microbench.yaml", "conv-microbench-quick.yaml")) {
      BenchSettings s = ((ConvMicrobenchExperiment) Runner.load(Path.of("configs", name)).experiment()).settings();
      assertThat(s.protocols()).containsExactly("jaguar", "jaguar-hybrid", "cheetah", "cheetah-ntt");
      assertThat(s.vectorisations()).hasSize(2);
      Map<String, Integer> groups = new TreeMap<>();
      for (BenchShape b : s.shapes()) {
        groups.merge(b.type().label() + "/" + b.group().label(), 1, Integer::sum);
      }
      assertThat(groups).as(name + " covers every group of the paper").hasSize(6);
    }
  }

  @Test
  void theJobRoundTripsThroughYaml() throws Exception {
    BenchSettings s = load(SHAPE + "threads: [1, 2]\nrepeats: 4\nweight_bits: 6\nunit_kernel_s: 0.2\n").withSeed(77);
    BenchSettings back = BenchSettings.fromJob(s.toJob());
    assertThat(back.seed()).isEqualTo(77);
    assertThat(back.repeats()).isEqualTo(4);
    assertThat(back.threads()).containsExactly(1, 2);
    assertThat(back.weightBits()).isEqualTo(6);
    assertThat(back.unitKernelSeconds()).isEqualTo(0.2);
    assertThat(back.shapes().get(0).shape()).isEqualTo(s.shapes().get(0).shape());
    assertThat(back.shapes().get(0).name()).isEqualTo("a");
  }
}
