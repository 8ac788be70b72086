package jaguar.experiment.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import jaguar.report.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class NoiseBudgetExperimentTest {
  @Test
  void thePaperNumbersLayersFromZeroInTorchvisionOrder() {
    // Appendix D's "maximum-accumulation" layers are the widest filters under 0-based numbering
    assertThat(NoiseBudgetSettings.PAPER_LAYERS).containsEntry("mobilenetv2", List.of(44, 47, 50));
    List<jaguar.conv.PaperShapes.Layer> all = jaguar.conv.PaperShapes.all();
    Map<String, List<jaguar.conv.PaperShapes.Layer>> byModel =
        all.stream().collect(Collectors.groupingBy(jaguar.conv.PaperShapes.Layer::model));
    for (Map.Entry<String, List<Integer>> e : NoiseBudgetSettings.PAPER_LAYERS.entrySet()) {
      List<jaguar.conv.PaperShapes.Layer> layers = byModel.get(e.getKey());
      int widest = layers.stream().mapToInt(l -> l.shape().channelsPerGroup() * l.shape().k() * l.shape().k()).max().orElseThrow();
      for (int i : e.getValue()) {
        jaguar.conv.ConvShape s = layers.get(i).shape();
        assertThat(s.channelsPerGroup() * s.k() * s.k()).as(e.getKey() + " " + i).isEqualTo(widest);
      }
    }
  }

  @Test
  void runsFromItsConfigMeasuresWhatTheModelPredictsAndMakesFigures(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("nb.yaml");
    Files.writeString(config, """
        name: nb-test
        kind: noise-budget
        seed: 3
        models: [resnet8-fmnist, mobilenetv2-fmnist]
        weights: {mobilenetv2-fmnist: models/mobilenetv2-fmnist.safetensors}
        synthetic: {seed: 1, calibration_images: 2, calibration_size: 64}
        jaguar: {T: 32, f: 12, truncation: private}
        measure: {layers: worst, max_size: 8, channels: 4}
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    Table layers = Table.read().csv(out.resolve("layers.csv").toFile());
    assertThat(layers.rowCount()).isEqualTo(9 + 16);
    int measured = 0;
    for (Row r : layers) {
      assertThat(r.getDouble("margin_bits")).isLessThanOrEqualTo(r.getDouble("conv_only_margin_bits"));
      if (r.getBoolean("measured")) {
        measured++;
        assertThat(r.getInt("measured_mismatches")).isZero();
        // the Gaussian model's rms of E against the measured one, within 15 %
        assertThat(Math.abs(r.getDouble("measured_rms_log2") - r.getDouble("predicted_rms_log2"))).isLessThan(0.2);
      }
    }
    assertThat(measured).isEqualTo(2); // each model's worst layer
    Table summary = Table.read().csv(out.resolve("summary.csv").toFile());
    assertThat(summary.rowCount()).isEqualTo(2);
    assertThat(summary.column("c1_bits").getString(0)).isEqualTo("42");
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString())
        .contains("margins.png", "noise_distribution.png", "noise-budget.md");
    assertThat(Files.readString(out.resolve("noise-budget.md"))).contains("| resnet8-fmnist | 9 |");
  }

  @Test
  void refusesBadAndInsecureFields(@TempDir Path dir) throws Exception {
    String base = "name: x\nkind: noise-budget\n";
    for (String[] bad : new String[][] {
        {"models: [alexnet]", "field 'models[0]'"},
        {"models: [resnet18]\nweights: {mobilenetv2: /nonexistent.safetensors}", "field 'weights.mobilenetv2'"},
        {"jaguar: {insecure_no_rerandomisation: true}", "insecure"},
        {"jaguar: {T: 32, f: 12, flood_bits: 30}", "flood_bits"},
        {"measure: {layers: some}", "field 'measure.layers'"},
        {"mesure: {}", "unknown field 'mesure'"}}) {
      Path c = dir.resolve("bad.yaml");
      Files.writeString(c, base + bad[0] + "\n");
      assertThatThrownBy(() -> Runner.load(c)).isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
    }
  }
}
