package jaguar.experiment.security;

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
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class SecurityExperimentTest {
  @Test
  void runsTheAttacksAndTheLeakageAnalysisFromItsConfig(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("sec.yaml");
    Files.writeString(config, """
        name: sec-test
        kind: security
        seed: 2
        parameter_sets:
          - {name: wide, N: 4096, logq: 109}
          - {name: over, N: 2048, logq: 60, insecure: true}
        synthetic: {seed: 1, calibration_images: 2, calibration_size: 64}
        attack_size: 8
        c1_attack: {layers: [mobilenetv2-fmnist/1], channels: 1}
        low_bits_attack: {layers: [mobilenetv2-fmnist/0], size: 16, channels: 1}
        noise_attack: {layer: mobilenetv2-fmnist/1, inferences: [1, 8]}
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    Table attacks = Table.read().csv(out.resolve("attacks.csv").toFile());
    int succeeded = 0;
    for (Row r : attacks) {
      boolean expected = r.getString("setting").equals("insecure_no_rerandomisation") || r.getString("setting").equals("truncation exact");
      assertThat(r.getBoolean("succeeded")).as(r.toString()).isEqualTo(expected);
      succeeded += expected ? 1 : 0;
    }
    assertThat(succeeded).isEqualTo(2);
    Table he = Table.read().csv(out.resolve("he_standard.csv").toFile());
    assertThat(he.rowCount()).isEqualTo(4 + 2);
    assertThat(he.where(he.stringColumn("set").isEqualTo("over")).booleanColumn("secure_128_classical").get(0)).isFalse();
    Table lpn = Table.read().csv(out.resolve("lpn_security.csv").toFile());
    assertThat(lpn.rowCount()).isEqualTo(2 * 2 * 11); // two Ferret sets, bootstrap and main, 11 attacks
    assertThat(lpn.where(lpn.booleanColumn("cheapest").isTrue()).rowCount()).isEqualTo(4);
    Table leakage = Table.read().csv(out.resolve("leakage.csv").toFile());
    assertThat(leakage.rowCount()).isEqualTo(6);
    Table noise = Table.read().csv(out.resolve("noise_attack.csv").toFile());
    assertThat(noise.rowCount()).isEqualTo(3 * 2);
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString()).contains("noise_attack.png", "security.md");
    assertThat(Files.readString(out.resolve("security.md"))).contains("BELOW the 128-bit classical target")
        .contains("## Ferret's LPN instances").contains("| ferret-2025 | main | 15564800 | 524288 | 1900 |");
  }

  @Test
  void refusesAnInsecureParameterSetUnlessItSaysSo(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("bad.yaml");
    Files.writeString(c, "name: x\nkind: security\nparameter_sets:\n  - {name: over, N: 2048, logq: 60}\n");
    assertThatThrownBy(() -> Runner.load(c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("field 'parameter_sets[0].logq'")
        .hasMessageContaining("insecure: log q 60 > 54 allowed at N=2048");
    Files.writeString(c, "name: x\nkind: security\nc1_attack: {layers: [vgg/3]}\n");
    assertThatThrownBy(() -> Runner.load(c)).isInstanceOf(ConfigException.class).hasMessageContaining("c1_attack.layers[0]");
  }

  @Test
  void theShippedConfigsOfBothExperimentsLoad() {
    for (String c : new String[] {"security-quick", "security", "noise-budget-quick", "noise-budget"}) {
      assertThat(Runner.load(Path.of("configs", c + ".yaml")).name()).isEqualTo(c);
    }
  }
}
