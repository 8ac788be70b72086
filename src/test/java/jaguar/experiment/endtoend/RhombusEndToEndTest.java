package jaguar.experiment.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.experiment.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code rhombus} variant of the end-to-end kind at its real ring (N = 8192): every session
 * equals the fixed-point reference (the run fails otherwise), the rows name Rhombus's engines, and
 * the summary states the other variants' ratios over it.
 */
class RhombusEndToEndTest {
  private static Map<String, String> row(List<String> lines, String protocol) {
    String[] h = lines.get(0).split(",", -1);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < h.length; i++) {
        m.put(h[i], f[i]);
      }
      if (m.get("protocol").equals(protocol)) {
        return m;
      }
    }
    throw new AssertionError("no row for " + protocol);
  }

  @Test
  void rhombusRunsExactBesideJaguarAndTheSummaryHasTheRatioOverIt(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("e2e.yaml");
    Files.writeString(c, String.join("\n", "name: e2e", "kind: end-to-end", "models: [resnet8-fmnist]",
        "protocols: [jaguar-hybrid, rhombus]", "networks:", "  - {name: lan, bandwidth_mb_s: 384, rtt_ms: 0.3}",
        "vectorisation: [avx-on]", "images: 1", "transport: in-process", "heap_mb: 3072", ""));
    new Runner(dir, System.err).run(Runner.load(c));
    List<String> rows = Files.readAllLines(dir.resolve("e2e/end_to_end.csv"));
    Map<String, String> rh = row(rows, "rhombus");
    assertThat(rh.get("conv")).isEqualTo("cheetah+rhombus");
    assertThat(rh.get("fc")).isEqualTo("rhombus");
    assertThat(rh.get("logit_mismatches")).isEqualTo("0");
    assertThat(rh.get("top1")).isEqualTo(rh.get("top1_reference"));
    List<String> summary = Files.readAllLines(dir.resolve("e2e/summary.csv"));
    Map<String, String> jh = row(summary, "jaguar-hybrid");
    Map<String, String> rs = row(summary, "rhombus");
    assertThat(Double.parseDouble(jh.get("speedup_vs_rhombus")))
        .isCloseTo(Double.parseDouble(rs.get("online_s")) / Double.parseDouble(jh.get("online_s")), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Double.parseDouble(jh.get("comm_reduction_vs_rhombus")))
        .isCloseTo(Double.parseDouble(rs.get("comm_mib")) / Double.parseDouble(jh.get("comm_mib")), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(rs.get("speedup_vs_rhombus")).isEqualTo("1.0");
  }
}
