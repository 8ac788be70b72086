package jaguar.experiment.nonlinear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import jaguar.report.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonlinearStageExperimentTest {
  @Test
  void resnet50CountsComeFromItsShapes() {
    ResNet50Stages s = ResNet50Stages.load();
    assertThat(s.reluLayers()).hasSize(49);
    assertThat(s.reluElements()).isEqualTo(9_608_704L);
    assertThat(s.convOutputs()).isEqualTo(11_113_984L);
    assertThat(s.layers()).hasSize(53);
    assertThat(s.reluLayers().get(0)).isEqualTo(new ResNet50Stages.Layer("conv1", 64L * 112 * 112, ResNet50Stages.Kind.FUSED));
    // v1.5: layer2.0.conv1 keeps 56x56, its conv2 strides
    assertThat(s.reluLayers()).contains(new ResNet50Stages.Layer("layer2.0.conv1", 128L * 56 * 56, ResNet50Stages.Kind.FUSED));
    assertThat(s.layers()).contains(new ResNet50Stages.Layer("layer1.0.conv3", 256L * 56 * 56, ResNet50Stages.Kind.RESIDUAL),
        new ResNet50Stages.Layer("layer1.0.downsample.0", 256L * 56 * 56, ResNet50Stages.Kind.PROJECTION));
    assertThat(s.layers().stream().filter(l -> l.kind() == ResNet50Stages.Kind.RESIDUAL)).hasSize(16);
  }

  @Test
  void runsFromItsConfigAndWritesCsvAndFigures(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("nl.yaml");
    Files.writeString(config, """
        name: nl-test
        kind: nonlinear-stage
        seed: 4
        scale: 0.0002
        networks:
          - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}
        jaguar: {T: 32, f: 12, extension: [fused, separate]}
        relu: [exact, approx]
        batch: 1024
        table2_elements: 256
        ot: [iknp, ferret]
        threads: [1, 2]
        timeout_s: 120
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    List<String> stages = Files.readAllLines(out.resolve("stages.csv"));
    assertThat(stages.get(0)).startsWith("network,bandwidth_mb_s,rtt_ms,threads,path,stage,variant,relu,ring_bits,layers,elements_resnet50,elements_run");
    // per backend and thread count: Cheetah's ReLU (at 2f, after the addition) and MSB-0 truncation
    // per ReLU variant, its signed truncation; Jaguar's ReLU per extension and ReLU variant; Jaguar's
    // truncation under HE
    assertThat(stages).hasSize(1 + 2 * 2 * (3 * 2 + 1 + 2 * 2 + 1));
    assertThat(String.join("\n", stages))
        .contains("lan,384.0,0.3,1,cheetah,relu,ell=37,exact,37,33,")
        .contains("lan,384.0,0.3,2,cheetah,relu,ell=37,exact,37,33,")
        .contains("cheetah,relu,ell=37 after add,approx,37,16,")
        .contains("cheetah,truncation,msb0,exact")
        .contains("cheetah,truncation,signed,,37,20,")
        .contains("jaguar,relu,fused,exact,20,49,9608704,")
        .contains("jaguar,relu,separate,approx")
        .contains("jaguar,truncation,under-he,,32,53,11113984,");
    assertThat(stages.stream().filter(l -> l.contains(",iknp,"))).hasSize(24);
    assertThat(stages.stream().filter(l -> l.contains(",ferret,"))).hasSize(24);
    List<String> bits = Files.readAllLines(out.resolve("bits_per_element.csv"));
    assertThat(bits).hasSize(1 + 2 * 7);
    assertThat(bits.get(0)).startsWith("path,protocol,ring,ot,elements,analytic_bits,measured_bits");
    assertThat(Files.readAllLines(out.resolve("layers.csv"))).hasSize(1 + 53);
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString())
        .contains("latency.png", "communication.png", "bits_per_element.png", "comparison.md");
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("| lan | 2 | relu | cheetah | ell=37 |");
  }

  @Test
  void badFieldsNameTheFieldAndWhatIsValid(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "name: x\nkind: nonlinear-stage\njaguar: {T: 32, f: 30}\n");
    assertThatThrownBy(() -> Runner.load(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("field 'jaguar.f': value 30 is not valid");
    Files.writeString(config, "name: x\nkind: nonlinear-stage\not: kos\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("field 'ot[0]'").hasMessageContaining("iknp, ferret");
    Files.writeString(config, "name: x\nkind: nonlinear-stage\not: [ferret, ferret]\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("field 'ot'").hasMessageContaining("at most once");
    Files.writeString(config, "name: x\nkind: nonlinear-stage\nnetworks:\n  - {name: lan, rtt_ms: 1}\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("networks[0].bandwidth_mb_s");
    Files.writeString(config, "name: x\nkind: nonlinear-stage\nscale: 0\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("field 'scale'");
  }
}
