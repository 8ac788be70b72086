package jaguar.experiment.convbench;

import static org.assertj.core.api.Assertions.assertThat;

import jaguar.conv.ConvShape;
import jaguar.conv.Layout;
import jaguar.experiment.ChildJvm.Vectorisation;
import jaguar.experiment.ResultTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTablesTest {
  private static Measurement m(String name, String protocol, double ms) {
    return new Measurement("avx-off", name, protocol, 1, 2048, "packed", 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 3, 1, ms, 0.1, ms * 0.9, ms, ms, 0, 10, 0);
  }

  private final BenchShape a = new BenchShape("a", new ConvShape(14, 14, 8, 8, 3, 1, 1, 1), Layout.AUTO,
      Layout.PACKED, Map.of("resnet18", 3, "resnet50", 1));
  private final BenchShape b = new BenchShape("b", new ConvShape(56, 56, 8, 8, 1, 1, 0, 1), Layout.AUTO,
      Layout.SPLIT, Map.of("resnet18", 1));

  private BenchTables tables(List<PhaseProfile> phases) {
    BenchSettings s = new BenchSettings(1, 3, 1, List.of(1), List.of("jaguar", "cheetah", "cheetah-ntt"),
        List.of(Vectorisation.AVX_OFF), List.of(a, b), 8, 50, 0, 2048, true, false, 0.5, 1024, 60);
    List<Measurement> rows = new ArrayList<>(List.of(
        m("b", "cheetah-ntt", 9), m("a", "jaguar", 2), m("a", "cheetah", 20), m("a", "cheetah-ntt", 4),
        m("b", "jaguar", 1), m("b", "cheetah", 16)));
    return new BenchTables(s, rows, phases, List.of(), PaperConvNumbers.load());
  }

  private static int row(ResultTable t, String column, Object value, String column2, Object value2) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (value.equals(t.get(r, column)) && value2.equals(t.get(r, column2))) {
        return r;
      }
    }
    throw new AssertionError("no row " + column + "=" + value + ", " + column2 + "=" + value2);
  }

  @Test
  void speedupsGroupsAndNetworkTotals() {
    BenchTables t = tables(List.of());
    ResultTable m = t.measurements();
    assertThat(m.rowCount()).isEqualTo(6);
    assertThat(m.get(0, "name")).isEqualTo("a"); // sorted by shape, then protocol
    assertThat(m.get(0, "protocol")).isEqualTo("jaguar");
    assertThat(m.get(0, "used_by")).isEqualTo("resnet18:3 resnet50:1");
    ResultTable sp = t.speedups();
    assertThat(sp.rowCount()).isEqualTo(4);
    assertThat((Double) sp.get(0, "speedup")).isEqualTo(10.0); // a: cheetah 20 / jaguar 2
    assertThat((Double) sp.get(1, "speedup")).isEqualTo(2.0); // a: cheetah-ntt 4 / 2
    ResultTable sum = t.summary();
    int all = row(sum, "type", "all", "baseline", "cheetah");
    assertThat((Double) sum.get(all, "gm_speedup")).isCloseTo(Math.sqrt(10.0 * 16.0), org.assertj.core.data.Offset.offset(1e-12));
    int dp = row(sum, "type", "dense", "baseline", "cheetah");
    assertThat(sum.get(dp, "paper_gm_speedup")).isEqualTo(2.47);
    int dpNtt = row(sum, "type", "dense", "baseline", "cheetah-ntt");
    assertThat(sum.get(dpNtt, "paper_gm_speedup")).isNull(); // the paper measured cheetah only
    ResultTable net = t.networkTotals();
    int r18 = row(net, "model", "resnet18", "protocol", "jaguar");
    assertThat(net.get(r18, "ms_total")).isEqualTo(3 * 2.0 + 1 * 1.0);
    assertThat(net.get(r18, "layers")).isEqualTo(4);
    assertThat(net.get(r18, "network_layers")).isEqualTo(20);
    assertThat(net.get(r18, "complete")).isEqualTo(false);
    assertThat(net.get(r18, "speedup_vs_cheetah")).isEqualTo((3 * 20.0 + 16) / 7.0);
    int r50 = row(net, "model", "resnet50", "protocol", "cheetah-ntt");
    assertThat(net.get(r50, "ms_total")).isEqualTo(4.0);
  }

  @Test
  void breakdownSharesAndWeightedNetworkSums() {
    PhaseProfile pa = new PhaseProfile("avx-off", "a", "cheetah", 2, 4, 3, 1, 0, 2, 10, 11, 5, 0);
    PhaseProfile pb = new PhaseProfile("avx-off", "b", "cheetah", 2, 0, 0, 0, 6, 2, 8, 8, 5, 0);
    ResultTable br = tables(List.of(pa, pb)).breakdown();
    int shapeA = row(br, "name", "a", "scope", "shape");
    assertThat((Double) br.get(shapeA, "ntt_share")).isEqualTo(0.7);
    assertThat((Double) br.get(shapeA, "rest_share")).isEqualTo(0.2);
    int sum = row(br, "scope", "sum", "protocol", "cheetah");
    assertThat(br.get(sum, "forward_ntt_ms")).isEqualTo(4.0);
    assertThat(br.get(sum, "monomial_ms")).isEqualTo(6.0);
    int r18 = row(br, "scope", "network", "name", "resnet18");
    assertThat(br.get(r18, "forward_ntt_ms")).isEqualTo(12.0); // shape a occurs 3 times
    assertThat(br.get(r18, "profiled_ms")).isEqualTo(3 * 10.0 + 8);
  }
}
