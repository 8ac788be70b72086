package jaguar.experiment.convbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.experiment.ConfigException;
import jaguar.experiment.Runner;
import jaguar.math.Prg;
import jaguar.report.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparsitySweepTest {
  @Test
  void sweepsDensitiesExactlyAndSpaConvWorkFallsWithThem(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("sw.yaml");
    Files.writeString(config, """
        name: sw-test
        kind: sparsity-sweep
        seed: 3
        densities: [1.0, 0.25]
        protocols: [jaguar, jaguar-hybrid, cheetah-ntt]
        threads: [1, 2]
        repeats: 1
        min_repeat_ms: 1
        shapes:
          - {name: small, H: 9, W: 9, ci: 12, co: 6, k: 3, stride: 1, pad: 1}
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    List<String> lines = Files.readAllLines(out.resolve("sweep.csv"));
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertThat(lines).hasSize(1 + 2 * 3 * 2);
    Map<String, Long> terms = lines.stream().skip(1).map(l -> l.split(","))
        .filter(f -> f[header.indexOf("protocol")].equals("jaguar") && f[header.indexOf("threads")].equals("1"))
        .collect(Collectors.toMap(f -> f[header.indexOf("density")], f -> Long.parseLong(f[header.indexOf("terms")])));
    // SPA-Conv's terms are the nonzero taps: a quarter of them at density 0.25
    assertThat(terms.get("0.25") * 4).isEqualTo(terms.get("1.0"));
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      assertThat(f[header.indexOf("mismatches")]).isEqualTo("0");
      assertThat(Long.parseLong(f[header.indexOf("outputs_checked")])).isEqualTo(6L * 9 * 9);
    }
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString()).contains("sweep.md");
    assertThat(figures.stream().filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(2);
  }

  @Test
  void keepsExactlyTheAskedShareOfWeights() {
    long[] w = BenchChild.nonzeroWeights(1000, 8, Prg.insecureSeeded(1));
    long[] s = SparsitySweepExperiment.withDensity(w, 0.05, Prg.insecureSeeded(2));
    assertThat(Arrays.stream(s).filter(v -> v != 0).count()).isEqualTo(50);
    for (int i = 0; i < w.length; i++) {
      assertThat(s[i] == 0 || s[i] == w[i]).isTrue();
    }
  }

  @Test
  void rejectsBadDensitiesAndMissingShapes(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: b\nkind: sparsity-sweep\ndensities: [0]\nshapes:\n"
        + "  - {name: a, H: 8, W: 8, ci: 4, co: 4, k: 3, pad: 1}\n");
    assertThatThrownBy(() -> Runner.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("densities");
    Files.writeString(bad, "name: b\nkind: sparsity-sweep\n");
    assertThatThrownBy(() -> Runner.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("shapes");
  }
}
