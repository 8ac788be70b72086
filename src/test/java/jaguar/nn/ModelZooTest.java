package jaguar.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelZooTest {
  @Test
  void parameterTotalsMatchTorchvision() {
    assertThat(ModelZoo.get("resnet18").parameterCount()).isEqualTo(11_689_512L);
    assertThat(ModelZoo.get("resnet50").parameterCount()).isEqualTo(25_557_032L);
    assertThat(ModelZoo.get("mobilenetv2").parameterCount()).isEqualTo(3_504_872L);
  }

  @Test
  void convolutionMacsMatchThePaperTotals() {
    assertThat(convMacs("resnet18") / 1e9).isCloseTo(1.814, org.assertj.core.data.Offset.offset(0.0005));
    assertThat(convMacs("resnet50") / 1e9).isCloseTo(4.087, org.assertj.core.data.Offset.offset(0.0005));
    assertThat(convMacs("mobilenetv2") / 1e9).isCloseTo(0.299, org.assertj.core.data.Offset.offset(0.0005));
  }

  private static long convMacs(String name) {
    Model m = ModelZoo.get(name);
    long n = 0;
    for (Node node : m.nodes()) {
      if (node.layer() instanceof Layer.Conv) {
        n += m.macs(node);
      }
    }
    return n;
  }

  @Test
  void everyConvolutionMatchesThePaperShapeList() throws Exception {
    List<String> expected = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/jaguar/paper/conv_shapes.csv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          expected.add(line.trim());
        }
      }
    }
    List<String> actual = new ArrayList<>();
    for (String name : ModelZoo.IMAGENET) {
      Model m = ModelZoo.get(name);
      for (Node n : m.nodes()) {
        if (n.layer() instanceof Layer.Conv c) {
          Node in = m.node(n.input(0));
          actual.add(String.join(",", name, c.name(), c.type(), "" + in.height(), "" + in.width(),
              "" + c.in(), "" + c.out(), "" + c.k(), "" + c.stride(), "" + c.pad(), "" + c.groups()));
        }
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void classifiersAndOutputs() {
    for (String name : ModelZoo.IMAGENET) {
      Model m = ModelZoo.get(name);
      assertThat(m.classes()).isEqualTo(1000);
      assertThat(m.output().layer()).isInstanceOf(Layer.Linear.class);
    }
    for (String name : ModelZoo.SMALL) {
      Model m = ModelZoo.get(name);
      assertThat(m.classes()).isEqualTo(10);
      assertThat(m.input().shape()).containsExactly(1, 28, 28);
    }
    Model mb = ModelZoo.get("mobilenetv2");
    long relu6 = mb.nodes().stream().filter(n -> n.layer() instanceof Layer.Activation a
        && a.kind() == Layer.ActivationKind.RELU6).count();
    long adds = mb.nodes().stream().filter(n -> n.layer() instanceof Layer.Add).count();
    assertThat(relu6).isEqualTo(35); // stem, 17 blocks (16 with expansion: 2 each, 1 without: 1), head
    assertThat(adds).isEqualTo(10);
  }

  @Test
  void reducedResolutionKeepsParameters() {
    Model m = ModelZoo.get("resnet50", 64);
    assertThat(m.parameterCount()).isEqualTo(25_557_032L);
    assertThat(m.node(m.nodes().size() - 2).shape()).containsExactly(2048, 1, 1);
  }

  @Test
  void unknownModelNamesTheValidOnes() {
    assertThatThrownBy(() -> ModelZoo.get("vgg16"))
        .hasMessageContaining("vgg16").hasMessageContaining("resnet18");
    assertThatThrownBy(() -> ModelZoo.get("resnet8-fmnist", 32)).hasMessageContaining("valid: 28");
  }

  @Test
  void summaryPrintsTotals() {
    String s = ModelSummary.render(ModelZoo.get("resnet18"));
    assertThat(s).contains("total parameters: 11,689,512").contains("layer4.1.conv2")
        .contains("512x7x7");
  }
}
