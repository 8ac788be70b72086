package jaguar.experiment.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jaguar.experiment.Runner;
import jaguar.report.Figures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtExtensionExperimentTest {
  @Test
  void measuresBothBackendsOverBothChannels(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("ot.yaml");
    // past the bootstrap's 42,821 leftover COTs, so that Ferret runs one main iteration
    Files.writeString(config, """
        name: ot-test
        kind: ot-extension
        seed: 2
        cots: 100000
        warmup_cots: 1000
        chunk: 30000
        repeats: 1
        """);
    Path out = new Runner(dir.resolve("results"), System.err).run(Runner.load(config));
    List<String> rows = Files.readAllLines(out.resolve("cots.csv"));
    assertThat(rows.get(0)).startsWith("ot,channel,repeat,cots,setup_bytes,setup_seconds,bytes,cots_generated,bits_per_cot");
    assertThat(rows).hasSize(1 + 4);
    String ferret = rows.stream().filter(r -> r.startsWith("ferret,in-memory")).findFirst().orElseThrow();
    String[] f = ferret.split(",");
    assertThat(Long.parseLong(f[7])).as("one main iteration").isEqualTo(10_198_341L);
    assertThat(Double.parseDouble(f[8])).as("bits per COT").isBetween(0.19, 0.20);
    String iknp = rows.stream().filter(r -> r.startsWith("iknp,tcp")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(iknp.split(",")[8])).isBetween(128.0, 128.1);
    assertThat(Files.readAllLines(out.resolve("amortisation.csv"))).hasSize(1 + 2 * 4);
    List<Path> figures = Figures.makeFor(out, dir.resolve("figures"));
    assertThat(figures).extracting(p -> p.getFileName().toString()).contains("comparison.md");
    assertThat(Files.readString(out.resolve("comparison.md"))).contains("| ferret | in-memory |");
  }

  @Test
  void badFieldsNameTheField(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "name: x\nkind: ot-extension\nchannels: [udp]\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("channels[0]").hasMessageContaining("in-memory, tcp");
    Files.writeString(config, "name: x\nkind: ot-extension\ncots: 0\n");
    assertThatThrownBy(() -> Runner.load(config)).hasMessageContaining("field 'cots'");
  }

  @Test
  void theCorrelationCheckCatchesABrokenCot() {
    long[] q = {4, 6, 8, 10};
    long[] t = {4 ^ 3, 6 ^ 5, 8, 10};
    byte[] c = {1, 0};
    assertThat(OtExtensionExperiment.broken(q, 3, 5, t, c, 2)).isZero();
    t[2] ^= 1;
    assertThat(OtExtensionExperiment.broken(q, 3, 5, t, c, 2)).isEqualTo(1);
    c[0] = 0;
    assertThat(OtExtensionExperiment.broken(q, 3, 5, t, c, 2)).isEqualTo(2);
  }
}
